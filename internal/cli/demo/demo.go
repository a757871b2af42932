// Package demo implements `iec62304-bot demo`: the offline demonstration (see internal/demo).
package demo

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/iec62304-bot/iec62304-bot/internal/demo"
)

// Run plays the demo story; exit 0 when every step ended as expected.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := demo.Run(ctx, stdout); err != nil {
		fmt.Fprintf(stderr, "iec62304-bot demo: %v\n", err)
		return 1
	}
	return 0
}
