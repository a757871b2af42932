package webhook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// GitHub's own payloads (testdata of the fake GitHub, with their licence note there).
func payload(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "githubfake", "testdata", "webhooks", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func withAction(t *testing.T, name, from, to string) []byte {
	t.Helper()
	return []byte(strings.Replace(string(payload(t, name)), `"action": "`+from+`"`, `"action": "`+to+`"`, 1))
}

// Deliveries share an evaluation exactly when they evaluate the same pull requests: a PR's
// own events by PR, check events by commit, issue events by issue, and nothing that evaluates
// nothing. (GitHub's sample check_run and issues payloads name no installation, hence the 0.)
func TestCoalesceKey(t *testing.T) {
	const pull = "pull:1:codertocat/hello-world#2"
	const commit = "commit:0:codertocat/hello-world@ec26c3e57ca3a959ca5aad62de7213c562f8c821"
	const ourAppID, sampleAppID = 62304, 29310
	tests := []struct {
		name      string
		handler   Coalescing
		eventType string
		payload   []byte
		want      string
	}{
		{"pull request opened", NewPullRequest(nil), "pull_request", payload(t, "pull_request.opened.json"), pull},
		{"a review of the same PR shares its key", NewPullRequestReview(nil), "pull_request_review", payload(t, "pull_request_review.submitted.json"), pull},
		{"pull request closed evaluates nothing", NewPullRequest(nil), "pull_request", withAction(t, "pull_request.opened.json", "opened", "closed"), ""},
		{"another app's check run completed", NewCheckRun(ourAppID, nil, nil), "check_run", payload(t, "check_run.completed.json"), commit},
		{"our own completed check run is output", NewCheckRun(sampleAppID, nil, nil), "check_run", payload(t, "check_run.completed.json"), ""},
		{"a check run still running evaluates nothing", NewCheckRun(ourAppID, nil, nil), "check_run", withAction(t, "check_run.completed.json", "completed", "created"), ""},
		{"an issue labelled", &Issues{}, "issues", payload(t, "issues.labeled.json"), "issue:0:codertocat/hello-world#1"},
		{"an issue closed evaluates nothing", &Issues{}, "issues", withAction(t, "issues.labeled.json", "labeled", "closed"), ""},
		{"not JSON", NewPullRequestReview(nil), "pull_request_review", []byte("{"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.handler.CoalesceKey(tt.eventType, tt.payload); got != tt.want {
				t.Errorf("CoalesceKey = %q, want %q", got, tt.want)
			}
		})
	}
}
