package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// The page never waits for GitHub's rate limit as the report command does: a record that runs
// into it (here evaluating afresh a pull request merged without the app seeing it) answers at
// once, saying when to try again.
func TestReleaseRecordPageDoesNotWaitForTheRateLimit(t *testing.T) {
	h := startWith(t, harness.Options{Login: true})
	s := load(t, "class-c-fail")
	h.GitHub.AddSnapshot(s)
	mergedSinceTag(h, s)
	h.GitHub.InjectFault(githubfake.Fault{Endpoint: "GET /repos/{owner}/{repo}/pulls/{number}/files", Status: http.StatusForbidden, Reset: time.Hour})
	h.GitHub.GrantRead(owner, repo, "erin")
	h.GitHub.SetOAuthUser("erin")
	start := time.Now()
	status, page := get(t, harness.Browser(), h.URL+"/repos/"+owner+"/"+repo+"/release-record?from=v1.0&to=main")
	if status != http.StatusServiceUnavailable || !strings.Contains(page, "run again in ") || time.Since(start) > 10*time.Second {
		t.Fatalf("%d after %s: %s; want 503 at once, saying when to run again", status, time.Since(start), page)
	}
}
