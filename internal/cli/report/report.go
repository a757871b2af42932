// Package report implements `iec62304-bot report --repo OWNER/NAME --from REF --to REF
// [--format markdown|html|csv|json] [--out FILE] [--max-wait DURATION]`: the release record an
// auditor asks for, read from GitHub (as GITHUB_TOKEN, or as the app's installation) and from
// the evaluations the app recorded (IEC62304_DATABASE_URL), with the number of API calls it
// made. When GitHub's rate limit runs out it waits (up to --max-wait) and carries on.
package report

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

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
	maxWait     time.Duration
}

// DefaultMaxWait bounds the waits for GitHub's rate limit: two windows of an hour, enough for
// a first record of 1000 pull requests the app never evaluated (docs/audit.md has the count).
const DefaultMaxWait = 2 * time.Hour

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
	st := newStatus(stderr, counter.Count, opts.maxWait)
	waiter := &githubio.Waiter{Max: opts.maxWait, Notify: st.waiting}
	client, err := newClient(ctx, env, opts, counter, waiter)
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
		Records: store, Progress: st.progress, Calls: counter.Count,
	})
	if err != nil {
		st.failed(err, waiter)
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
	fs.DurationVar(&opts.maxWait, "max-wait", DefaultMaxWait, "wait at most this long in all for GitHub's rate limit to reset, then stop (0: never wait)")
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
	if opts.maxWait < 0 {
		problems = append(problems, fmt.Sprintf("--max-wait %s: want a duration of 0 or more", opts.maxWait))
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
// once. waiter waits out rate limits in the same process, so the cache outlives them; the
// counter under it counts every call that reaches GitHub, refused ones too.
func newClient(ctx context.Context, env Env, opts options, counter *githubio.CallCounter, waiter *githubio.Waiter) (*github.Client, error) {
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
			githubio.CachingOptions(githubio.NewResponseCache(githubio.DefaultCacheBytes), waiter.Wrap, counter.Wrap)...)...)
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
