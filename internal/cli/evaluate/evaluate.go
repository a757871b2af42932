// Package evaluate implements `iec62304-bot evaluate --snapshot DIR [--config FILE]
// [--format text|markdown|json]`: it judges a pull-request snapshot offline, exactly as the
// GitHub App would, and exits 0 on pass, 1 on fail, 3 on pending and 2 on bad input.
package evaluate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Exit codes (a contract: scripts call this command).
const (
	ExitPass     = 0
	ExitFail     = 1
	ExitBadInput = 2
	ExitPending  = 3
)

type options struct {
	snapshotDir string
	configPath  string
	format      string
}

// Run evaluates one snapshot and prints the result.
func Run(_ context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return ExitBadInput
	}
	result, err := evaluate(opts)
	if err != nil {
		fmt.Fprintf(stderr, "iec62304-bot evaluate: %v\n", err)
		return ExitBadInput
	}
	out, err := format(result, opts.format)
	if err != nil {
		fmt.Fprintf(stderr, "iec62304-bot evaluate: %v\n", err)
		return ExitBadInput
	}
	fmt.Fprint(stdout, out)
	return exitCode(result.Verdict)
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var opts options
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.snapshotDir, "snapshot", "", "snapshot directory (pull.json, files.json, ...) (required)")
	fs.StringVar(&opts.configPath, "config", "", "policy file to use instead of the snapshot's config.yml")
	fs.StringVar(&opts.format, "format", "text", "output format: text, markdown or json")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if opts.snapshotDir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: iec62304-bot evaluate --snapshot DIR [--config FILE] [--format text|markdown|json]")
		return opts, errors.New("bad usage")
	}
	switch opts.format {
	case "text", "markdown", "json":
	default:
		fmt.Fprintf(stderr, "iec62304-bot evaluate: --format %q: want text, markdown or json\n", opts.format)
		return opts, errors.New("bad format")
	}
	return opts, nil
}

func evaluate(opts options) (*policy.Result, error) {
	snap, err := snapshot.LoadDir(opts.snapshotDir)
	if err != nil {
		return nil, fmt.Errorf("load snapshot: %w", err)
	}
	p, err := loadPolicy(opts.configPath, snap)
	if err != nil {
		return nil, fmt.Errorf("invalid policy:\n%w", err)
	}
	return policyfile.Evaluate(p, snap), nil
}

// loadPolicy prefers --config, then the snapshot's config.yml, then the bundled defaults.
func loadPolicy(configPath string, snap *snapshot.Snapshot) (*policy.Policy, error) {
	switch {
	case configPath != "":
		return policyfile.LoadFile(configPath)
	case snap.Config != nil:
		return policyfile.Parse(snap.ConfigName, snap.Config)
	}
	return policyfile.Default(), nil
}

func format(r *policy.Result, name string) (string, error) {
	switch name {
	case "markdown":
		return render.Markdown(r), nil
	case "json":
		data, err := render.JSON(r)
		return string(data), err
	}
	return render.Text(r), nil
}

func exitCode(v policy.Verdict) int {
	switch v {
	case policy.VerdictFail:
		return ExitFail
	case policy.VerdictPending:
		return ExitPending
	}
	return ExitPass
}
