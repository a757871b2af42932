package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
	"github.com/iec62304-bot/iec62304-bot/internal/webauth"
)

// pushed is a commit on main made at when, with one parent.
func pushed(sha, parent, message string, when time.Time) *github.RepositoryCommit {
	at := &github.Timestamp{Time: when}
	c := &github.RepositoryCommit{SHA: github.String(sha), Commit: &github.Commit{Message: github.String(message),
		Author:    &github.CommitAuthor{Name: github.String("Dana"), Email: github.String("dana@acme.example"), Date: at},
		Committer: &github.CommitAuthor{Name: github.String("GitHub"), Email: github.String("noreply@github.com"), Date: at}}}
	if parent != "" {
		c.Parents = []*github.Commit{{SHA: github.String(parent)}}
	}
	return c
}

// mergedSinceTag tags a release v1.0, then merges the pull request s onto main after it.
func mergedSinceTag(h *harness.Harness, s *snapshot.Snapshot) {
	base := strings.Repeat("b", 40)
	h.GitHub.PushCommits(owner, repo, "main", pushed(base, "", "v1", time.Now().Add(-time.Hour)))
	h.GitHub.Tag(owner, repo, "v1.0", base)
	merge := h.GitHub.MergePull(owner, repo, s.Pull.GetNumber(), "mo")
	h.GitHub.PushCommits(owner, repo, "main", pushed(merge, base, s.Pull.GetTitle(), time.Now()))
}

// When the app saw the merge (its pull_request.closed webhook), the release record judges the
// change by the evaluation it recorded then, and says so.
func TestReleaseRecordUsesTheEvaluationRecordedAtMerge(t *testing.T) {
	h := startWith(t, harness.Options{Login: true})
	s := opened(t, h, "class-c-fail")
	wantOne(t, h, s, "completed", "failure", 1)
	mergedSinceTag(h, s)
	send(t, h, "pull_request", "merge-1", h.GitHub.PullRequestEvent("closed", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
	if err := h.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
	h.GitHub.GrantRead(owner, repo, "erin")
	h.GitHub.SetOAuthUser("erin")
	status, record := get(t, harness.Browser(), h.URL+"/repos/"+owner+"/"+repo+"/release-record?from=v1.0&to=main&format=json")
	if status != http.StatusOK || !strings.Contains(record, `"basis": "recorded at merge"`) || !strings.Contains(record, `"verdict": "fail"`) {
		t.Fatalf("%d: the record does not judge the merge by the evaluation made at it:\n%s", status, record)
	}
}

// The release record is a page behind the same login as the details page, read as the app's
// installation and from the recorded evaluations, with the same record to download.
func TestReleaseRecordPageBehindLogin(t *testing.T) {
	h := startWith(t, harness.Options{Login: true})
	s := opened(t, h, "class-c-fail")
	wantOne(t, h, s, "completed", "failure", 1)
	mergedSinceTag(h, s)
	path := "/repos/" + owner + "/" + repo + "/release-record?" + url.Values{"from": {"v1.0"}, "to": {"main"}}.Encode()

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(h.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != webauth.LoginPath+"?next="+url.QueryEscape(path) {
		t.Fatalf("logged out: %d to %q; want a redirect to login and back", resp.StatusCode, resp.Header.Get("Location"))
	}

	h.GitHub.SetOAuthUser("mallory")
	status, page := get(t, harness.Browser(), h.URL+path)
	if status != http.StatusNotFound || strings.Contains(page, repo) {
		t.Fatalf("mallory, who cannot read the repository: %d %q; want a 404 that names nothing", status, page)
	}

	h.GitHub.GrantRead(owner, repo, "erin")
	h.GitHub.SetOAuthUser("erin")
	erin := harness.Browser()
	h.GitHub.ResetCalls()
	status, page = get(t, erin, h.URL+path)
	if status != http.StatusOK {
		t.Fatalf("erin, who can read the repository: %d\n%s", status, page)
	}
	for _, want := range []string{"1 change(s) did not follow the process", "last recorded before merge", "signed in as <code>erin</code>",
		"format=csv", "format=markdown", "format=json"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// Nothing of the recorded evaluation is read again; the pull request itself is read once,
	// for who merged it, since it did not pass and GitHub's lists leave merged_by out.
	for _, c := range h.GitHub.Calls() {
		if c.Endpoint != "GET /repos/{owner}/{repo}/pulls/{number}" && strings.Contains(c.Path, "/pulls/") {
			t.Errorf("the page re-read %s %s although the evaluation was recorded", c.Method, c.Path)
		}
	}
	if n := h.GitHub.CallsTo("GET /repos/{owner}/{repo}/pulls/{number}"); n != 1 {
		t.Errorf("the pull request was read %d times; want once, for who merged it", n)
	}

	resp, err = erin.Get(h.URL + path + "&format=csv")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="release-record-acme-medical-infusion-pump-v1.0-main.csv"` {
		t.Fatalf("CSV download: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
}

// Refs are anyone's text: the page refuses what cannot be a ref, and a range larger than a
// page may read, with the form and a sentence saying why.
func TestReleaseRecordPageRefusesBadRanges(t *testing.T) {
	h := startWith(t, harness.Options{Login: true})
	h.GitHub.GrantRead(owner, repo, "erin")
	h.GitHub.SetOAuthUser("erin")
	erin := harness.Browser()
	var commits []*github.RepositoryCommit
	parent := ""
	for i := range 1002 {
		sha := fmt.Sprintf("%040x", 0xc0ffee000+i)
		commits = append(commits, pushed(sha, parent, "direct push", time.Now().Add(time.Duration(i)*time.Second)))
		parent = sha
	}
	h.GitHub.PushCommits(owner, repo, "main", commits...)
	h.GitHub.Tag(owner, repo, "v0", commits[0].GetSHA())
	base := "/repos/" + owner + "/" + repo + "/release-record"
	for _, tc := range []struct {
		name, query string
		status      int
		want        string
	}{
		{"no range yet", "", http.StatusOK, `name="from"`},
		{"a ref with ..", "?from=v1..v2&to=main", http.StatusBadRequest, "is not a tag, branch or commit name"},
		{"a ref too long", "?from=" + strings.Repeat("a", 201) + "&to=main", http.StatusBadRequest, "at most 200"},
		{"markup in a ref", "?from=%3Cscript%3E&to=main", http.StatusBadRequest, "&lt;script&gt;"},
		{"an unknown format", "?from=v0&to=main&format=xlsx", http.StatusBadRequest, "is not a format"},
		{"an unknown ref", "?from=v9&to=main", http.StatusNotFound, "GitHub knows no commit between"},
		{"too many commits", "?from=v0&to=main", http.StatusUnprocessableEntity, "the range holds 1001 commits, more than the 1000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, page := get(t, erin, h.URL+base+tc.query)
			if status != tc.status || !strings.Contains(page, tc.want) {
				t.Fatalf("%d, want %d with %q:\n%s", status, tc.status, tc.want, page)
			}
			if strings.Contains(page, "<script>") {
				t.Fatal("the page repeats markup from the query unescaped")
			}
		})
	}
}
