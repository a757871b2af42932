package server_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// A pull request from a fork is named in no webhook about its head commit (GitHub leaves
// pull_requests empty, and a status never names one), and GitHub lists no pull request for
// that commit either. The app finds it in the open pulls list, so its check turns from pending
// to its verdict once CI finishes on the fork's commit.
func TestForkPullRequestIsEvaluatedWhenItsCIFinishes(t *testing.T) {
	tests := []struct {
		name     string
		snapshot string
		// finish completes the CI on the snapshot and returns the event GitHub sends for it.
		finish func(t *testing.T, h *harness.Harness, s *snapshot.Snapshot) (event string, payload any)
	}{
		{"check_run", "class-c-pending", func(t *testing.T, h *harness.Harness, s *snapshot.Snapshot) (string, any) {
			ci := s.CheckRuns[0]
			ci.Status, ci.Conclusion = github.String("completed"), github.String("success")
			event := h.GitHub.CheckRunEvent("completed", owner, repo, s.Pull.GetNumber(), ci, harness.InstallationID)
			if len(event.CheckRun.PullRequests) != 0 {
				t.Fatalf("check_run of a fork's commit names %d pull requests; GitHub names none", len(event.CheckRun.PullRequests))
			}
			return "check_run", event
		}},
		{"check_suite", "class-c-pending", func(t *testing.T, h *harness.Harness, s *snapshot.Snapshot) (string, any) {
			ci := s.CheckRuns[0]
			ci.Status, ci.Conclusion = github.String("completed"), github.String("success")
			return "check_suite", realPayload(t, h, s, "check_suite.completed.no-pulls.json", func(p map[string]any) {
				suite := p["check_suite"].(map[string]any)
				suite["head_sha"], suite["head_branch"] = s.HeadSHA(), s.Pull.GetHead().GetRef()
			})
		}},
		{"status", "class-c-pass-commit-status", func(t *testing.T, h *harness.Harness, s *snapshot.Snapshot) (string, any) {
			s.Statuses[0].State = github.String("success")
			return "status", realPayload(t, h, s, "status.json", func(p map[string]any) {
				p["sha"], p["context"], p["state"] = s.HeadSHA(), s.Statuses[0].GetContext(), "success"
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t)
			s := load(t, tt.snapshot)
			if tt.name == "status" {
				s.Statuses[0].State = github.String("pending")
			}
			h.GitHub.FromFork(s, "outside-contributor")
			h.GitHub.AddSnapshot(s)
			send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
			wantOne(t, h, s, "in_progress", "", 1)

			event, payload := tt.finish(t, h, s)
			h.GitHub.ReplacePull(s)
			send(t, h, event, "d2", payload)
			wantOne(t, h, s, "completed", "success", 1)
		})
	}
}

// realPayload is one of GitHub's real webhook payloads, moved onto the repository of s as the
// fake holds it and the harness's installation, then edited by change.
func realPayload(t *testing.T, h *harness.Harness, s *snapshot.Snapshot, name string, change func(map[string]any)) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "githubfake", "testdata", "webhooks", name))
	if err != nil {
		t.Fatal(err)
	}
	var payload map[string]any
	if err := json.Unmarshal(data, &payload); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	payload["repository"] = h.GitHub.PullRequestEvent("synchronize", owner, repo, s.Pull.GetNumber(), harness.InstallationID).Repo
	payload["installation"] = map[string]any{"id": harness.InstallationID}
	change(payload)
	out, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
