package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/release"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

func TestReportWritesTheRecordAndCountsItsCalls(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	fake.PushCommits("acme", "pump", "main", &github.RepositoryCommit{SHA: github.String(strings.Repeat("1", 40)), Commit: &github.Commit{Message: github.String("v1")}})
	fake.Tag("acme", "pump", "v1", strings.Repeat("1", 40))
	fake.PushCommits("acme", "pump", "main", &github.RepositoryCommit{SHA: github.String(strings.Repeat("2", 40)),
		Commit: &github.Commit{Message: github.String("hotfix pushed without review")}, Parents: []*github.Commit{{SHA: github.String(strings.Repeat("1", 40))}}})
	out := filepath.Join(t.TempDir(), "release.csv")
	env := map[string]string{"GITHUB_TOKEN": "ghp_test", "GITHUB_V3_API_URL": fake.URL(), "IEC62304_DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "bot.db")}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--repo", "acme/pump", "--from", "v1", "--to", "main", "--format", "csv", "--out", out},
		func(k string) string { return env[k] }, &stdout, &stderr)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	csv, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csv), "direct push,,hotfix pushed without review") {
		t.Fatalf("the CSV lacks the direct push:\n%s", csv)
	}
	calls := len(fake.Calls())
	if want := "1 deviations, 0 known anomalies; "; !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), " GitHub API calls") {
		t.Fatalf("stderr = %q; want a summary with the API calls (%d)", stderr.String(), calls)
	}
	if strings.Contains(stderr.String(), "\r") {
		t.Fatalf("progress written to a pipe: %q", stderr.String())
	}
}

func TestReportRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--repo", "acme", "--from", "v1", "--to", "v2"},
		{"--repo", "acme/pump", "--to", "v2"},
		{"--repo", "acme/pump", "--from", "v1", "--to", "v2", "--format", "pdf"},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), args, func(string) string { return "" }, &bytes.Buffer{}, &stderr); code != ExitUsage || !strings.Contains(stderr.String(), "iec62304-bot report: ") {
			t.Errorf("%v: exit %d, %q; want exit 2 with a message", args, code, stderr.String())
		}
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"--repo", "acme/pump", "--from", "v1", "--to", "v2"}, func(string) string { return "" }, &bytes.Buffer{}, &stderr); code != ExitUsage || !strings.Contains(stderr.String(), "GITHUB_TOKEN") {
		t.Errorf("no credentials: exit %d, %q; want exit 2 naming GITHUB_TOKEN", code, stderr.String())
	}
}

// freshRange seeds v1 and then n pull requests (#2 upwards) squash-merged onto main, none with
// a recorded evaluation, and returns the environment a report over v1...main runs in.
func freshRange(t testing.TB, fake *githubfake.Server, n int) map[string]string {
	t.Helper()
	sha := func(n int) string { return fmt.Sprintf("%040x", n) }
	at := func(n int) *github.Timestamp {
		return &github.Timestamp{Time: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute)}
	}
	commit := func(n int) *github.RepositoryCommit {
		c := &github.RepositoryCommit{SHA: github.String(sha(n)), Commit: &github.Commit{Message: github.String("change"),
			Committer: &github.CommitAuthor{Date: at(n)}}}
		if n > 1 {
			c.Parents = []*github.Commit{{SHA: github.String(sha(n - 1))}}
		}
		return c
	}
	fake.PushCommits("acme", "pump", "main", commit(1))
	fake.Tag("acme", "pump", "v1", sha(1))
	fake.SetFile("acme", "pump", "main", ".github/iec62304.yml", []byte("version: 1\ndefault_class: C\n"))
	for number := 2; number <= n+1; number++ {
		fake.AddSnapshot(&snapshot.Snapshot{Pull: &github.PullRequest{Number: github.Int(number), Title: github.String("change"), State: github.String("closed"),
			Merged: github.Bool(true), MergedAt: at(number), UpdatedAt: at(number), MergeCommitSHA: github.String(sha(number)),
			Base: &github.PullRequestBranch{Ref: github.String("main"), Repo: &github.Repository{Name: github.String("pump"), Owner: &github.User{Login: github.String("acme")}}},
			Head: &github.PullRequestBranch{Ref: github.String("topic"), SHA: github.String(sha(1000 + number))}}})
		fake.PushCommits("acme", "pump", "main", commit(number))
	}
	return map[string]string{"GITHUB_TOKEN": "ghp_test", "GITHUB_V3_API_URL": fake.URL(), "IEC62304_DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "bot.db")}
}

// report runs the command over v1...main with extra flags.
func report(env map[string]string, flags ...string) (code int, stdout, stderr string) {
	var out, errs bytes.Buffer
	code = run(context.Background(), append([]string{"--repo", "acme/pump", "--from", "v1", "--to", "main", "--format", "json"}, flags...),
		func(k string) string { return env[k] }, &out, &errs)
	return code, out.String(), errs.String()
}

// What every pull request evaluated afresh would read again is read once for the record: the
// base branch and its policy (pinned for the whole record), and the pull request itself (the
// list of closed pull requests gave it). A pull request is read again only to learn who merged
// it where it did not pass (GitHub's lists leave merged_by out): here all 10 (class C, no
// evidence).
func TestReportReadsWhatItHasOnce(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	env := freshRange(t, fake, 10)
	if code, _, stderr := report(env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	calls := map[string]int{}
	for _, c := range fake.Calls() {
		calls[c.Endpoint]++
	}
	t.Logf("10 pull requests evaluated afresh: %d calls: %v", len(fake.Calls()), calls)
	for endpoint, want := range map[string]int{
		"GET /repos/{owner}/{repo}/git/ref/{ref...}":     1,
		"GET /repos/{owner}/{repo}/pulls/{number}":       10,
		"GET /repos/{owner}/{repo}/pulls/{number}/files": 10,
	} {
		if calls[endpoint] != want {
			t.Errorf("%s: %d calls, want %d", endpoint, calls[endpoint], want)
		}
	}
}

// A first record that needs more calls than one window allows waits for the window to reset
// and carries on in the same process: every pull request is evaluated, and stderr says when
// it waited and until when, even though it is not a terminal.
func TestReportWaitsOutTheRateLimit(t *testing.T) {
	fake := githubfake.New(githubfake.WithRateLimit(25, 2*time.Second)) // about 40 calls: one wait
	defer fake.Close()
	env := freshRange(t, fake, 6)
	code, stdout, stderr := report(env)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rec struct {
		Changes []struct {
			Number int    `json:"number"`
			Basis  string `json:"basis"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(stdout), &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Changes) != 6 {
		t.Fatalf("%d changes; want the 6 pull requests", len(rec.Changes))
	}
	for _, ch := range rec.Changes {
		if ch.Basis != string(release.BasisFresh) {
			t.Errorf("#%d: %q; want evaluated now", ch.Number, ch.Basis)
		}
	}
	waits := strings.Count(stderr, "iec62304-bot report: GitHub's rate limit is spent: waiting until ")
	if waits == 0 || !strings.Contains(stderr, "then carrying on; ") || strings.Contains(stderr, "\r") {
		t.Fatalf("stderr = %q; want a line for each wait, no progress on a pipe", stderr)
	}
	t.Logf("%d calls, %d waits:\n%s", len(fake.Calls()), waits, stderr)
}

// Past --max-wait the command stops, says how far it got and when to run again.
func TestReportStopsPastMaxWait(t *testing.T) {
	fake := githubfake.New(githubfake.WithRateLimit(20, time.Hour))
	defer fake.Close()
	env := freshRange(t, fake, 6)
	start := time.Now()
	code, _, stderr := report(env, "--max-wait", "10m")
	if code != ExitError || time.Since(start) > 10*time.Second {
		t.Fatalf("exit %d after %s: %s; want exit 1 at once", code, time.Since(start), stderr)
	}
	for _, want := range []string{"run again in ", "pull requests judged", "would pass --max-wait 10m0s (0 s waited so far); run again then"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr = %q; want it to say %q", stderr, want)
		}
	}
}
