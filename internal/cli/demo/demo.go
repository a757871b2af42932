// Package demo implements `iec62304-bot demo`: the offline demonstration (see internal/demo).
package demo

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/iec62304-bot/iec62304-bot/internal/demo"
)

// Run plays the demo story; exit 0 when every step ended as expected.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "iec62304-bot demo: find this program to run its server: %v\n", err)
		return 1
	}
	if err := demo.Run(ctx, stdout, []string{self, "serve"}); err != nil {
		fmt.Fprintf(stderr, "iec62304-bot demo: %v\n", err)
		return 1
	}
	return 0
}
