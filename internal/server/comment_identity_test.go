package server_test

import (
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// The app learns its slug from GET /app when it starts; where GitHub names no app a summary
// comment was performed via, its bot login "<slug>[bot]" still makes it the app's own, edited
// in place, while another app's bot quoting the marker is left alone.
func TestSummaryCommentFoundByTheBotLogin(t *testing.T) {
	copycat := &github.App{ID: github.Int64(777), Slug: github.String("copycat")}
	ours := &github.App{ID: github.Int64(githubfake.DefaultAppID), Slug: github.String(githubfake.DefaultAppSlug)}
	s := load(t, "class-c-fail")
	n := s.Pull.GetNumber()
	h := start(t)
	h.GitHub.AddSnapshot(s)
	h.GitHub.AddUnattributedAppComment(owner, repo, n, copycat, "<!-- iec62304-bot:summary -->\nanother app's bot")
	h.GitHub.AddUnattributedAppComment(owner, repo, n, ours, "<!-- iec62304-bot:summary -->\nan old verdict")
	send(t, h, "pull_request", "opened-unattributed", h.GitHub.PullRequestEvent("opened", owner, repo, n, harness.InstallationID))
	cs := h.GitHub.Comments(owner, repo, n)
	if len(cs) != 2 || !strings.HasSuffix(cs[0].GetBody(), "another app's bot") || !strings.Contains(cs[1].GetBody(), "### IEC 62304: ❌") {
		for _, c := range cs {
			t.Logf("%s: %q", c.GetUser().GetLogin(), c.GetBody())
		}
		t.Error("want the app's own comment edited to the verdict and the other app's untouched")
	}
}
