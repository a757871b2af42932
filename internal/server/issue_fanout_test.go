package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/webhook"
)

// openPullsLinking seeds n open pull requests (class-c-pass, each on a head of its own) that
// link issue #52 in their description, or, with inCommits, only in a commit message.
func openPullsLinking(t *testing.T, h *harness.Harness, n int, inCommits bool) {
	t.Helper()
	for i := range n {
		s := load(t, "class-c-pass")
		s.Pull.Number = github.Int(1000 + i)
		s.Pull.Head.SHA = github.String(fmt.Sprintf("%040x", 0xc0ffee000+i))
		s.Raw = nil // the fake answers with the typed objects alone, a lighter list
		if inCommits {
			s.Pull.Body = github.String(strings.ReplaceAll(s.Pull.GetBody(), "Fixes #52", "Dose rounding."))
			last := s.Commits[len(s.Commits)-1].Commit
			last.Message = github.String(last.GetMessage() + "\n\nFixes #52")
		}
		h.GitHub.AddSnapshot(s)
	}
}

// One issues event on an issue that three times the cap of open pull requests link re-evaluates at most
// webhook.MaxPullsPerIssueEvent of them, whether they link it in their description or only in a
// commit message; the rest are reported for the reconciler, never dropped in silence. The calls
// it costs are logged: the figures in the commit that set the cap come from here.
func TestIssueEventReevaluatesAtMostTheCap(t *testing.T) {
	const linking = 3 * webhook.MaxPullsPerIssueEvent
	tests := []struct {
		name      string
		inCommits bool
	}{
		{"linked in the description", false},
		{"linked only in a commit message", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs harness.LogBuffer
			h := startWith(t, harness.Options{Log: &logs})
			openPullsLinking(t, h, linking, tt.inCommits)
			h.GitHub.SetIssueLabels(owner, repo, 52, "change-request", "approved")
			h.GitHub.ResetCalls()
			if _, err := h.Send(t.Context(), "issues", "d1", h.GitHub.IssuesEvent("edited", owner, repo, 52, harness.InstallationID)); err != nil {
				t.Fatal(err)
			}
			if err := h.WaitIdle(harness.IdleTimeout); err != nil {
				t.Fatal(err)
			}

			calls, evaluations := 0, 0
			for _, c := range h.GitHub.Calls() {
				if strings.HasSuffix(c.Path, "/access_tokens") {
					continue
				}
				calls++
				if c.Endpoint == "GET /repos/{owner}/{repo}/pulls/{number}" {
					evaluations++
				}
			}
			t.Logf("%d open pull requests link #52 (%s): %d GitHub calls, %d evaluations", linking, tt.name, calls, evaluations)
			if evaluations != webhook.MaxPullsPerIssueEvent {
				t.Errorf("%d pull requests evaluated, want the cap, %d", evaluations, webhook.MaxPullsPerIssueEvent)
			}
			wantLeftReported(t, &logs, linking-webhook.MaxPullsPerIssueEvent)
		})
	}
}

// wantLeftReported finds the warning that names how many linked pull requests were left.
func wantLeftReported(t *testing.T, logs *harness.LogBuffer, left int) {
	t.Helper()
	for _, l := range jsonLines(logs) {
		if l["level"] != "warn" || !strings.Contains(fmt.Sprint(l["message"]), "reconciler") {
			continue
		}
		got, _ := l["pulls_left"].(float64)
		unchecked, _ := l["pulls_not_checked"].(float64)
		if int(got+unchecked) != left {
			t.Errorf("warning reports %v left and %v not checked, want %d in all: %v", got, unchecked, left, l)
		}
		return
	}
	t.Errorf("no warning reports the %d pull requests left for the reconciler", left)
}
