// Package migrate implements `iec62304-bot migrate [--database URL]`: create or update the
// work queue's schema (River's tables and the app's own) before a rollout. `serve` does the same
// at start; this is for operators who run schema changes as a step of their own.
package migrate

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/iec62304-bot/iec62304-bot/internal/queue"
)

// Run migrates the database the flag, or else IEC62304_DATABASE_URL, names.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("database", "", "database URL: sqlite://FILE or postgres://… (default: IEC62304_DATABASE_URL, else "+queue.DefaultDatabaseURL+")")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	target := *url
	if target == "" {
		target = os.Getenv("IEC62304_DATABASE_URL")
	}
	if target == "" {
		target = queue.DefaultDatabaseURL
	}
	if err := queue.Migrate(ctx, target); err != nil {
		fmt.Fprintf(stderr, "iec62304-bot migrate: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "schema up to date")
	return 0
}
