package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
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
