package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/webauth"
)

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// The check run's details link opens the pull request's page after GitHub login: the verdict,
// the class and how it was decided, each rule's evidence, and every recorded evaluation.
func TestDetailsPageBehindLogin(t *testing.T) {
	h := startWith(t, harness.Options{Login: true})
	s := opened(t, h, "class-c-fail")
	run := wantOne(t, h, s, "completed", "failure", 1)
	path, ok := strings.CutPrefix(run.GetDetailsURL(), harness.PublicURL)
	if !ok {
		t.Fatalf("details URL %q is not under %s", run.GetDetailsURL(), harness.PublicURL)
	}

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(h.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(resp.Header.Get("Location"), webauth.LoginPath+"?next=") {
		t.Fatalf("logged out: %d to %q; want a redirect to login", resp.StatusCode, resp.Header.Get("Location"))
	}

	h.GitHub.GrantRead(owner, repo, "erin")
	h.GitHub.SetOAuthUser("erin")
	erin := harness.Browser()
	status, page := get(t, erin, h.URL+path)
	if status != http.StatusOK {
		t.Fatalf("erin, who can read the repository: %d\n%s", status, page)
	}
	for _, want := range []string{"<strong>Fails</strong>", `id="class"`, `id="rule-reviews"`, `id="history"`, "signed in as <code>erin</code>", `href="/repos/` + owner + "/" + repo + `/release-record"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}

	h.GitHub.SetOAuthUser("mallory")
	mallory := harness.Browser()
	status, page = get(t, mallory, h.URL+path)
	if status != http.StatusNotFound || strings.Contains(page, repo) {
		t.Fatalf("mallory, who cannot read the repository: %d %q; want a 404 that names nothing", status, page)
	}
	if status, _ := get(t, erin, h.URL+"/repos/"+owner+"/"+repo+"/pulls/999"); status != http.StatusNotFound {
		t.Fatalf("a pull request never evaluated: %d; want 404", status)
	}
}
