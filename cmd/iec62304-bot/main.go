// Command iec62304-bot enforces the IEC 62304 software life-cycle process on pull requests: as a
// GitHub App (serve), offline against a PR snapshot (evaluate, validate), and as a self-contained
// demonstration against a fake GitHub (demo).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/iec62304-bot/iec62304-bot/internal/cli/demo"
	"github.com/iec62304-bot/iec62304-bot/internal/cli/evaluate"
	"github.com/iec62304-bot/iec62304-bot/internal/cli/migrate"
	"github.com/iec62304-bot/iec62304-bot/internal/cli/report"
	"github.com/iec62304-bot/iec62304-bot/internal/cli/serve"
	"github.com/iec62304-bot/iec62304-bot/internal/cli/validate"
	"github.com/iec62304-bot/iec62304-bot/internal/cli/version"
)

const usage = `usage: iec62304-bot <command> [flags]

commands:
  validate [FILE]                 check a policy file (default .github/iec62304.yml)
  evaluate --snapshot DIR         judge a pull-request snapshot against its policy
  serve [--config FILE]           run the GitHub App webhook service
  migrate [--database URL]        create or update the work queue's database schema
  report --repo O/R --from A --to B  write the release record of a range (markdown, html, csv, json)
  demo                            play a story against a fake GitHub, offline
  version                         print the version, commit and build date

Run 'iec62304-bot <command> -h' for a command's flags.
`

type command func(ctx context.Context, args []string, stdout, stderr io.Writer) int

var commands = map[string]command{
	"validate": validate.Run,
	"evaluate": evaluate.Run,
	"serve":    serve.Run,
	"migrate":  migrate.Run,
	"report":   report.Run,
	"demo":     demo.Run,
	"version":  version.Run,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "iec62304-bot: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return cmd(ctx, args[1:], stdout, stderr)
}
