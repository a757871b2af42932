package report

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
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

// Every read is conditional: what the record reads again for each pull request evaluated
// afresh (the base branch, the policy file) GitHub answers 304 and does not charge.
func TestReportReadsAgainConditionally(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	sha := func(n int) string { return fmt.Sprintf("%040x", n) }
	at := func(n int) *github.Timestamp {
		return &github.Timestamp{Time: time.Date(2026, 11, 2, 9, n, 0, 0, time.UTC)}
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
	for n := 2; n <= 11; n++ {
		fake.AddSnapshot(&snapshot.Snapshot{Pull: &github.PullRequest{Number: github.Int(n), Title: github.String("change"), State: github.String("closed"),
			Merged: github.Bool(true), MergedAt: at(n), UpdatedAt: at(n), MergeCommitSHA: github.String(sha(n)),
			Base: &github.PullRequestBranch{Ref: github.String("main"), Repo: &github.Repository{Name: github.String("pump"), Owner: &github.User{Login: github.String("acme")}}},
			Head: &github.PullRequestBranch{Ref: github.String("topic"), SHA: github.String(sha(100 + n))}}})
		fake.PushCommits("acme", "pump", "main", commit(n))
	}
	env := map[string]string{"GITHUB_TOKEN": "ghp_test", "GITHUB_V3_API_URL": fake.URL(), "IEC62304_DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "bot.db")}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"--repo", "acme/pump", "--from", "v1", "--to", "main"}, func(k string) string { return env[k] }, &bytes.Buffer{}, &stderr); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	calls, notModified := fake.Calls(), 0
	for _, c := range calls {
		if c.Status == http.StatusNotModified {
			notModified++
		}
	}
	t.Logf("10 pull requests evaluated afresh: %d calls, %d of them answered 304 (not charged)", len(calls), notModified)
	if notModified < 18 { // the base branch and the policy file, again for 9 of the 10
		t.Fatalf("%d of %d calls answered 304; want the repeated reads conditional", notModified, len(calls))
	}
}
