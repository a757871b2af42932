package webhook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
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

func TestTargetOfTargetedDeliveries(t *testing.T) {
	hello := evaluation.Target{InstallationID: 1, Owner: "Codertocat", Repo: "Hello-World", Number: 2}
	tests := []struct {
		name      string
		handler   Targeted
		eventType string
		payload   []byte
		want      evaluation.Target
		wantErr   string
	}{
		{"pull request opened", &PullRequest{}, "pull_request", payload(t, "pull_request.opened.json"), hello, ""},
		{"pull request closed evaluates nothing", &PullRequest{}, "pull_request",
			[]byte(strings.Replace(string(payload(t, "pull_request.opened.json")), `"action": "opened"`, `"action": "closed"`, 1)), evaluation.Target{}, ""},
		{"review submitted", &PullRequestReview{}, "pull_request_review", payload(t, "pull_request_review.submitted.json"), hello, ""},
		{"not JSON", &PullRequestReview{}, "pull_request_review", []byte("{"), evaluation.Target{}, "parse pull_request_review payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := tt.handler.Target(tt.eventType, tt.payload)
			if got != tt.want || (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("Target = %+v, %v; want %+v, error containing %q", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
