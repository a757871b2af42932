// Package validate implements `iec62304-bot validate [FILE]`: exit 0 with a one-line summary when
// the policy file is valid, exit 2 with one FILE:LINE:COL: message line per problem otherwise.
package validate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
)

// Exit codes.
const (
	ExitValid   = 0
	ExitInvalid = 2
)

// Run validates one policy file.
func Run(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: iec62304-bot validate [FILE]   (default %s)\n", policyfile.DefaultPath)
	}
	if err := fs.Parse(args); err != nil {
		return ExitInvalid
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return ExitInvalid
	}
	path := policyfile.DefaultPath
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	p, err := policyfile.LoadFile(path)
	if err != nil {
		printProblems(stderr, err)
		return ExitInvalid
	}
	fmt.Fprintln(stdout, policyfile.Summary(p))
	printWarnings(stderr, p)
	return ExitValid
}

// printWarnings prints what a valid policy relies on; warnings never make it invalid.
func printWarnings(w io.Writer, p *policy.Policy) {
	for _, warning := range policyfile.Warnings(p) {
		fmt.Fprintln(w, warning)
	}
}

// printProblems prints one FILE:LINE:COL: message line per validation problem, or the error.
func printProblems(w io.Writer, err error) {
	var invalid *policyfile.ValidationError
	if !errors.As(err, &invalid) {
		fmt.Fprintf(w, "%v\n", err)
		return
	}
	for _, p := range invalid.Problems {
		fmt.Fprintln(w, p.String())
	}
}
