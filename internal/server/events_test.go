package server_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"
	"go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
	"github.com/iec62304-bot/iec62304-bot/internal/webhook"
)

// CI finishing on the head commit turns a pending class C check green.
func TestOtherAppsCompletedCheckRunReevaluates(t *testing.T) {
	h := start(t)
	s := opened(t, h, "class-c-pending")
	wantOne(t, h, s, "in_progress", "", 1)

	ci := s.CheckRuns[0]
	ci.Status, ci.Conclusion = github.String("completed"), github.String("success")
	h.GitHub.ReplacePull(s)
	send(t, h, "check_run", "d2", h.GitHub.CheckRunEvent("completed", owner, repo, s.Pull.GetNumber(), ci, harness.InstallationID))
	wantOne(t, h, s, "completed", "success", 1)
}

// A check_run event about our own check is output, not input: nothing is evaluated, unless a
// user asked to re-run it.
func TestOwnCheckRunEvents(t *testing.T) {
	h := start(t)
	s := opened(t, h, "class-b-pass")
	run := wantOne(t, h, s, "completed", "success", 1)

	h.GitHub.ResetCalls()
	send(t, h, "check_run", "d2", h.GitHub.CheckRunEvent("completed", owner, repo, s.Pull.GetNumber(), run, harness.InstallationID))
	if calls := h.GitHub.Calls(); len(calls) != 0 {
		t.Errorf("our own completed check run caused %d GitHub calls", len(calls))
	}
	send(t, h, "check_run", "d3", h.GitHub.CheckRunEvent("rerequested", owner, repo, s.Pull.GetNumber(), run, harness.InstallationID))
	reads := 0
	for _, c := range h.GitHub.Calls() {
		if strings.HasSuffix(c.Path, "/pulls/21") {
			reads++
		}
	}
	if reads != 1 {
		t.Errorf("rerequested: the pull request was read %d times, want one evaluation", reads)
	}
}

// Approving the linked change request turns a class C PR's traceability green, wherever the PR
// links it: the description, or only a commit message.
func TestLinkedIssueLabelReevaluates(t *testing.T) {
	tests := []struct {
		name string
		move func(s *snapshot.Snapshot)
	}{
		{"linked from the description", func(*snapshot.Snapshot) {}},
		{"linked from a commit message only", func(s *snapshot.Snapshot) {
			s.Pull.Body = github.String(strings.Replace(s.Pull.GetBody(), "Fixes #52", "Dose rounding.", 1))
			last := s.Commits[len(s.Commits)-1].Commit
			last.Message = github.String(last.GetMessage() + "\n\nFixes #52")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t)
			s := load(t, "class-c-pass")
			tt.move(s)
			h.GitHub.AddSnapshot(s)
			h.GitHub.SetIssueLabels(owner, repo, 52, "change-request")
			send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
			run := wantOne(t, h, s, "completed", "failure", 1)
			if !strings.Contains(run.GetOutput().GetSummary(), "approved") {
				t.Errorf("failure does not say the change request needs approval:\n%s", run.GetOutput().GetSummary())
			}

			h.GitHub.SetIssueLabels(owner, repo, 52, "change-request", "approved")
			send(t, h, "issues", "d2", h.GitHub.IssuesEvent("labeled", owner, repo, 52, harness.InstallationID))
			wantOne(t, h, s, "completed", "success", 1)
		})
	}
}

func TestInstallationEventsAreLoggedOnly(t *testing.T) {
	h := start(t)
	for _, name := range []string{"installation.created.json", "installation_repositories.added.json"} {
		payload, err := os.ReadFile(filepath.Join("..", "githubfake", "testdata", "webhooks", name))
		if err != nil {
			t.Fatal(err)
		}
		event := strings.Split(name, ".")[0]
		if status := send(t, h, event, "d-"+event, payload); status != 202 {
			t.Errorf("%s: status %d, want 202", event, status)
		}
	}
	if w := writes(h); len(w) != 0 {
		t.Errorf("installation events wrote to GitHub: %+v", w)
	}
}

// CI that predates check runs (Jenkins) reports commit statuses: a required check found only
// as a status counts, and the statuses are read only when a required check is not a check run.
func TestRequiredCheckAsACommitStatus(t *testing.T) {
	const statusEndpoint = "GET /repos/{owner}/{repo}/commits/{ref}/status"
	tests := []struct {
		name         string
		legacyCI     bool
		state        string
		conclusion   string
		statusesRead int
	}{
		{"check run: statuses not read", false, "", "success", 0},
		{"commit status success", true, "success", "success", 1},
		{"commit status failure", true, "failure", "failure", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t)
			s := load(t, "class-c-pending")
			if tt.legacyCI {
				s.CheckRuns = []*github.CheckRun{}
				s.Statuses = []*github.RepoStatus{{Context: github.String("build-and-test"), State: github.String(tt.state)}}
			} else {
				s.CheckRuns[0].Status, s.CheckRuns[0].Conclusion = github.String("completed"), github.String("success")
			}
			h.GitHub.AddSnapshot(s)
			send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
			wantOne(t, h, s, "completed", tt.conclusion, 1)
			read := 0
			for _, c := range h.GitHub.Calls() {
				if c.Endpoint == statusEndpoint {
					read++
				}
			}
			if read != tt.statusesRead {
				t.Errorf("commit statuses read %d times, want %d", read, tt.statusesRead)
			}
		})
	}
}

// Legacy CI finishing: its status webhook re-evaluates the PR on that commit.
func TestStatusEventReevaluates(t *testing.T) {
	h := start(t)
	s := load(t, "class-c-pass-commit-status")
	s.Statuses[0].State = github.String("pending")
	h.GitHub.AddSnapshot(s)
	send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
	wantOne(t, h, s, "in_progress", "", 1)

	s.Statuses[0].State = github.String("success")
	h.GitHub.ReplacePull(s)
	send(t, h, "status", "d2", h.GitHub.StatusEvent(owner, repo, s.Pull.GetNumber(), "build-and-test", "success", harness.InstallationID))
	wantOne(t, h, s, "completed", "success", 1)
}

// The app's manifest subscribes to exactly the events it has handlers for (GitHub delivers
// installation events to every app unasked).
func TestManifestEventsMatchTheHandlers(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "app.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Events []string `yaml:"default_events"`
	}
	if err := yaml.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	var handled []string
	for _, h := range webhook.Handlers(harness.AppID, nil, nil) {
		for _, e := range h.Handles() {
			if !strings.HasPrefix(e, "installation") {
				handled = append(handled, e)
			}
		}
	}
	slices.Sort(handled)
	slices.Sort(manifest.Events)
	if !slices.Equal(handled, manifest.Events) {
		t.Errorf("app.yml subscribes to %v; the handlers handle %v", manifest.Events, handled)
	}
}
