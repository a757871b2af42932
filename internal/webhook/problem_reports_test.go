package webhook

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
)

// recorder is a Reporter that records what it was asked to do.
type recorder struct{ calls []string }

func (r *recorder) Merged(_ context.Context, m reporting.Merge) error {
	r.calls = append(r.calls, fmt.Sprintf("merged %s#%d as %.7s", m.Repo, m.Number, m.SHA))
	return nil
}

func (r *recorder) CheckCompleted(_ context.Context, repo reporting.Repo, d reporting.CheckDone) error {
	r.calls = append(r.calls, fmt.Sprintf("check %s %s %s@%s", repo, d.Name, d.Conclusion, d.SHA[:7]))
	return nil
}

func (r *recorder) Command(_ context.Context, repo reporting.Repo, c reporting.CommandComment) error {
	r.calls = append(r.calls, fmt.Sprintf("command %s#%d by %s", repo, c.Number, c.Author))
	return nil
}

func (r *recorder) Refresh(_ context.Context, repo reporting.Repo, n int) error {
	r.calls = append(r.calls, fmt.Sprintf("refresh %s#%d", repo, n))
	return nil
}

// noEval and noPulls stand in for the evaluation side: these tests are about the other.
type noEval struct{}

func (noEval) Evaluate(context.Context, evaluation.Target) error { return nil }

type noPulls struct{}

func (noPulls) OpenPullsForCommit(context.Context, int64, string, string, string) ([]int, error) {
	return nil, nil
}

func (noPulls) OpenPullsLinkingIssue(context.Context, int64, string, string, int, int) (githubio.IssueLinks, error) {
	return githubio.IssueLinks{}, nil
}

// GitHub's own payloads (testdata of the fake GitHub, with their licence note there).
func payload(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "githubfake", "testdata", "webhooks", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func replace(t *testing.T, name string, pairs ...string) []byte {
	t.Helper()
	return []byte(strings.NewReplacer(pairs...).Replace(string(payload(t, name))))
}

// noService evaluates nothing and finds no pull requests.
type noService struct {
	noEval
	noPulls
}

// GitHub's own payloads reach the right problem-report work through the app's handlers,
// routed by event as the delivery worker routes them. (GitHub's sample payloads name no
// installation, so they are decoded here without the worker's check for one.)
func TestProblemReportRouting(t *testing.T) {
	const ourAppID = 62304
	merged := replace(t, "pull_request.closed.json", `"merged": false`, `"merged": true`)
	onDefault := replace(t, "check_run.completed.json", `"head_branch": "changes"`, `"head_branch": "master"`)
	command := replace(t, "issue_comment.created.json", `"body": "You are totally right!`, `"body": "/problem-report Alarm silent\n`)
	// The sample status is on the head of master, the default branch.
	onMaster := replace(t, "status.json", `"6113728f27ae82c7b1a177c8d03f9e96e0adf246"`, `"f95f852bd8fca8fcc58a9a2d6c842781e32a215e"`)
	tests := []struct {
		name, event string
		payload     []byte
		want        string
	}{
		{"a merge", "pull_request", merged, "merged Codertocat/Hello-World#2 as c4295bd"},
		{"a close without merge", "pull_request", payload(t, "pull_request.closed.json"), ""},
		{"another app's check on the default branch", "check_run", onDefault, "check Codertocat/Hello-World Octocoders-linter success@ec26c3e"},
		{"a check on another branch", "check_run", payload(t, "check_run.completed.json"), ""},
		{"a status on the default branch's head", "status", onMaster, "check Codertocat/Hello-World default success@f95f852"},
		{"a command", "issue_comment", command, "command Codertocat/Hello-World#1 by Codertocat"},
		{"a comment on an issue", "issue_comment", payload(t, "issue_comment.created.json"), "refresh Codertocat/Hello-World#1"},
		{"an issue labelled", "issues", payload(t, "issues.labeled.json"), "refresh Codertocat/Hello-World#1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			handlers := map[string]delivery.Handler{}
			for _, h := range Handlers(ourAppID, noService{}, rec) {
				for _, event := range h.Handles() {
					handlers[event] = h
				}
			}
			parsed, err := github.ParseWebHook(tt.event, tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			if err := handlers[tt.event].Handle(context.Background(), &delivery.Delivery{ID: "d1", Event: tt.event, Payload: parsed}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(rec.calls, "; "); got != tt.want {
				t.Errorf("problem-report work %q, want %q", got, tt.want)
			}
		})
	}
}
