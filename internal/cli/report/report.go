// Package report implements `iec62304-bot report --repo OWNER/NAME --from REF --to REF
// [--format markdown|html|csv|json] [--out FILE]`: the release record an auditor asks for,
// read from GitHub (as GITHUB_TOKEN, or as the app's installation) and from the evaluations
// the app recorded (IEC62304_DATABASE_URL), with the number of API calls it made.
package report

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/iec62304-bot/iec62304-bot/internal/buildinfo"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
	"github.com/iec62304-bot/iec62304-bot/internal/release"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

type options struct {
	owner, repo string
	from, to    string
	format      string
	out         string
}

// Env is what the command reads from the environment; tests pass their own.
type Env func(string) string

// Run writes one release record.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(ctx, args, os.Getenv, stdout, stderr)
}

func run(ctx context.Context, args []string, env Env, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return ExitUsage
	}
	counter := &githubio.CallCounter{}
	client, err := newClient(ctx, env, opts, counter)
	if err != nil {
		fmt.Fprintf(stderr, "iec62304-bot report: %v\n", err)
		return ExitUsage
	}
	store, closeStore, err := openRecords(ctx, env, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "iec62304-bot report: %v\n", err)
		return ExitError
	}
	defer closeStore()
	rec, err := release.Generate(ctx, client, githubio.NewReader(), release.Request{
		Owner: opts.owner, Repo: opts.repo, From: opts.from, To: opts.to, BotVersion: buildinfo.Read().String(),
		Records: store, Progress: progress(stderr), Calls: counter.Count,
	})
	if err != nil {
		fmt.Fprintf(stderr, "iec62304-bot report: %v\n", err)
		return ExitError
	}
	if err := write(rec, opts, stdout); err != nil {
		fmt.Fprintf(stderr, "iec62304-bot report: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stderr, "%s...%s of %s/%s: %d pull requests, %d deviations, %d known anomalies; %d GitHub API calls\n",
		opts.from, opts.to, opts.owner, opts.repo, len(rec.Changes), len(rec.Deviations), len(rec.Anomalies), counter.Count())
	return ExitOK
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var opts options
	var repo string
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&repo, "repo", "", "repository, OWNER/NAME (required)")
	fs.StringVar(&opts.from, "from", "", "the previous release: a tag, branch or commit (required)")
	fs.StringVar(&opts.to, "to", "", "this release: a tag, branch or commit (required)")
	fs.StringVar(&opts.format, "format", "markdown", "markdown, html, csv or json")
	fs.StringVar(&opts.out, "out", "", "write to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	var ok bool
	opts.owner, opts.repo, ok = strings.Cut(repo, "/")
	problems := []string{}
	if !ok || opts.owner == "" || opts.repo == "" || strings.Contains(opts.repo, "/") {
		problems = append(problems, fmt.Sprintf("--repo %q: want OWNER/NAME", repo))
	}
	if opts.from == "" || opts.to == "" {
		problems = append(problems, "--from and --to are required: the previous release and this one")
	}
	if _, ok := release.Formats[opts.format]; !ok {
		problems = append(problems, fmt.Sprintf("--format %q: want markdown, html, csv or json", opts.format))
	}
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments: %s", strings.Join(fs.Args(), " ")))
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "iec62304-bot report: %s\n", strings.Join(problems, "; "))
		return opts, errors.New("usage")
	}
	return opts, nil
}

func write(rec *release.Record, opts options, stdout io.Writer) error {
	out, err := release.Formats[opts.format].Write(rec)
	if err != nil {
		return fmt.Errorf("write the %s record: %w", opts.format, err)
	}
	if opts.out == "" {
		_, err = stdout.Write(out)
		return err
	}
	if err := os.WriteFile(opts.out, out, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", opts.out, err)
	}
	return nil
}

// progress shows how far judging has come on a terminal, and nothing when stderr is piped
// (a CI log or a file wants the summary line alone).
func progress(stderr io.Writer) func(done, total int) {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if info, err := f.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(done, total int) {
		fmt.Fprintf(stderr, "\rjudging pull requests: %d/%d", done, total)
		if done == total {
			fmt.Fprintln(stderr)
		}
	}
}

// githubAPI is GITHUB_V3_API_URL, as serve reads it, else github.com's API.
func githubAPI(env Env) string {
	if u := env("GITHUB_V3_API_URL"); u != "" {
		return u
	}
	return "https://api.github.com/"
}

// newClient authenticates as GITHUB_TOKEN when set, else as the app's installation on the
// repository (GITHUB_APP_INTEGRATION_ID and GITHUB_APP_PRIVATE_KEY, as serve reads them).
// Either way every read is a conditional request against a response cache, as serve's are:
// what the record reads twice (the base branch, the policy file) costs GitHub's rate limit
// once.
func newClient(ctx context.Context, env Env, opts options, counter *githubio.CallCounter) (*github.Client, error) {
	api := githubAPI(env)
	id, key := env("GITHUB_APP_INTEGRATION_ID"), env("GITHUB_APP_PRIVATE_KEY")
	var appID int64
	if id != "" {
		if _, err := fmt.Sscan(id, &appID); err != nil {
			return nil, fmt.Errorf("GITHUB_APP_INTEGRATION_ID %q: not a number", id)
		}
	}
	creator := githubapp.NewClientCreator(api, strings.TrimSuffix(api, "/")+"/graphql", appID, []byte(key),
		append([]githubapp.ClientOption{githubapp.WithClientUserAgent("iec62304-bot")},
			githubio.CachingOptions(githubio.NewResponseCache(githubio.DefaultCacheBytes), counter.Wrap)...)...)
	if token := env("GITHUB_TOKEN"); token != "" {
		return creator.NewTokenClient(token)
	}
	if id == "" || key == "" {
		return nil, errors.New("no credentials: set GITHUB_TOKEN (a token that can read the repository), or GITHUB_APP_INTEGRATION_ID and GITHUB_APP_PRIVATE_KEY to read as the app")
	}
	app, err := creator.NewAppClient()
	if err != nil {
		return nil, fmt.Errorf("authenticate as app %d: %w", appID, err)
	}
	inst, _, err := app.Apps.FindRepositoryInstallation(ctx, opts.owner, opts.repo)
	if err != nil {
		return nil, fmt.Errorf("find the app's installation on %s/%s: %w", opts.owner, opts.repo, err)
	}
	return creator.NewInstallationClient(inst.GetID())
}

// openRecords opens the evaluations the app recorded: IEC62304_DATABASE_URL, or the embedded
// default file when it is in the working directory. Without either, every change is judged
// afresh and the record says so for each.
func openRecords(ctx context.Context, env Env, stderr io.Writer) (release.MergeRecords, func(), error) {
	url := env("IEC62304_DATABASE_URL")
	if url == "" {
		if _, err := os.Stat(defaultDatabaseFile); err != nil {
			fmt.Fprintln(stderr, "no recorded evaluations (IEC62304_DATABASE_URL is not set): every change is evaluated now, and marked so")
			return nil, func() {}, nil
		}
		url = queue.DefaultDatabaseURL
	}
	db, kind, closeDB, err := queue.OpenSQL(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	store := records.New(db, records.Dialect(kind))
	if err := store.Migrate(ctx); err != nil {
		closeDB()
		return nil, nil, err
	}
	return store, closeDB, nil
}

// defaultDatabaseFile is the file queue.DefaultDatabaseURL names.
var defaultDatabaseFile = strings.TrimPrefix(queue.DefaultDatabaseURL, "sqlite://")
