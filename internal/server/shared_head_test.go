package server_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// sharedHead seeds one branch proposed twice: into main (class-b-pass, which passes there) and
// into release, whose policy makes the pump UI class C, so the same change fails there.
func sharedHead(t *testing.T, h *harness.Harness) (intoMain, intoRelease *snapshot.Snapshot) {
	t.Helper()
	intoMain = load(t, "class-b-pass")
	intoRelease = load(t, "class-b-pass")
	intoRelease.Pull.Number = github.Int(intoMain.Pull.GetNumber() + 1)
	intoRelease.Pull.Base.Ref = github.String("release")
	strict := strings.Replace(string(intoRelease.Config), "class: B", "class: C", 1)
	if strict == string(intoRelease.Config) {
		t.Fatal("class-b-pass has no class B system to make stricter")
	}
	intoRelease.Config = []byte(strict)
	h.GitHub.AddSnapshot(intoMain)
	h.GitHub.AddSnapshot(intoRelease)
	return intoMain, intoRelease
}

// Two open pull requests with one head commit share its one check run: whichever is evaluated,
// in whatever order or at once, the run shows the strictest verdict and names both, while each
// pull request's comment stays about that pull request.
func TestSharedHeadShowsTheStrictestVerdict(t *testing.T) {
	tests := []struct {
		name  string
		order []string // which pull requests get a webhook: "main", "release"; "both" sends them at once
	}{
		{"lenient one evaluated last", []string{"release", "main"}},
		{"strict one evaluated last", []string{"main", "release"}},
		{"only the lenient one evaluated", []string{"main"}},
		{"both at once", []string{"both"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t)
			intoMain, intoRelease := sharedHead(t, h)
			event := func(s *snapshot.Snapshot) any {
				return h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID)
			}
			for i, which := range tt.order {
				switch which {
				case "main":
					send(t, h, "pull_request", fmt.Sprint("d", i), event(intoMain))
				case "release":
					send(t, h, "pull_request", fmt.Sprint("d", i), event(intoRelease))
				case "both":
					sendAtOnce(t, h, event(intoMain), event(intoRelease))
				}
			}
			run := wantOne(t, h, intoMain, "completed", "failure", commentsOn(tt.order, "main"))
			summary := run.GetOutput().GetSummary()
			for _, want := range []string{
				fmt.Sprintf("| #%d | `main` | ✅ passes:", intoMain.Pull.GetNumber()),
				fmt.Sprintf("| #%d | `release` | ❌ fails:", intoRelease.Pull.GetNumber()),
				fmt.Sprintf("that of #%d into `release`", intoRelease.Pull.GetNumber()),
			} {
				if !strings.Contains(summary, want) {
					t.Errorf("check run summary lacks %q:\n%s", want, summary)
				}
			}
			wantComment(t, h, intoMain, "all 5 rules pass")
			wantComment(t, h, intoRelease, "failing")
		})
	}
}

// Once the stricter pull request is closed, the commit's check is the remaining one's again.
func TestSharedHeadFollowsThePullRequestsStillOpen(t *testing.T) {
	h := start(t)
	intoMain, intoRelease := sharedHead(t, h)
	send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, intoRelease.Pull.GetNumber(), harness.InstallationID))
	wantOne(t, h, intoMain, "completed", "failure", 0)

	intoRelease.Pull.State = github.String("closed")
	h.GitHub.ReplacePull(intoRelease)
	send(t, h, "pull_request", "d2", h.GitHub.PullRequestEvent("synchronize", owner, repo, intoMain.Pull.GetNumber(), harness.InstallationID))
	run := wantOne(t, h, intoMain, "completed", "success", 1)
	if strings.Contains(run.GetOutput().GetSummary(), "release") {
		t.Errorf("the closed pull request is still listed:\n%s", run.GetOutput().GetSummary())
	}
}

func commentsOn(order []string, which string) int {
	for _, o := range order {
		if o == which || o == "both" {
			return 1
		}
	}
	return 0
}

// wantComment checks that the pull request's summary comment, if it has one, says want.
func wantComment(t *testing.T, h *harness.Harness, s *snapshot.Snapshot, want string) {
	t.Helper()
	_, comments := ours(h, s)
	for _, c := range comments {
		if !strings.Contains(c.GetBody(), want) {
			t.Errorf("comment on #%d lacks %q (it must stay about that pull request):\n%s", s.Pull.GetNumber(), want, c.GetBody())
		}
	}
}

// sendAtOnce delivers the payloads concurrently and waits until they are handled.
func sendAtOnce(t *testing.T, h *harness.Harness, payloads ...any) {
	t.Helper()
	var wg sync.WaitGroup
	for i, p := range payloads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := h.Send(t.Context(), "pull_request", fmt.Sprint("at-once-", i), p); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := h.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
}
