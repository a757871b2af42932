package webauth

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
)

const sessionKey = "test-session-key-0123456789abcdef"

// fakeClients acts as the viewer against the fake GitHub, as go-githubapp's ClientCreator does.
type fakeClients struct{ api string }

func (c fakeClients) NewTokenClient(token string) (*github.Client, error) {
	return github.NewClient(nil).WithAuthToken(token).WithEnterpriseURLs(c.api, c.api)
}

type site struct {
	fake   *githubfake.Server
	app    *httptest.Server
	client *http.Client
}

// newSite serves one protected page, /repos/{owner}/{repo}/pulls/{number}, that names the
// viewer, behind the login flow, against a fake GitHub holding a private acme/pump.
func newSite(t *testing.T) *site {
	t.Helper()
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	fake.AddRepo("acme", "pump", "main")
	fake.AddRepo("acme", "secret", "main")
	fake.GrantRead("acme", "pump", "erin")
	fake.SetOAuthUser("erin")

	cfg := githubapp.Config{WebURL: strings.TrimSuffix(fake.URL(), "/")}
	cfg.OAuth.ClientID, cfg.OAuth.ClientSecret = "Iv1.test", "test-secret"
	auth, err := New(cfg, sessionKey, fakeClients{api: fake.URL()})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	auth.Register(mux)
	mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}", auth.RepoPage(func(w http.ResponseWriter, r *http.Request, v Viewer) {
		io.WriteString(w, "page of "+r.PathValue("repo")+" for "+v.Login)
	}))
	app := httptest.NewTLSServer(mux)
	t.Cleanup(app.Close)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := app.Client()
	client.Jar = jar
	return &site{fake: fake, app: app, client: client}
}

func (s *site) get(t *testing.T, path string) (int, string, *url.URL) {
	t.Helper()
	resp, err := s.client.Get(s.app.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Request.URL
}

func TestLoginBringsViewerBackToThePage(t *testing.T) {
	s := newSite(t)
	status, body, final := s.get(t, "/repos/acme/pump/pulls/7?tab=evidence")
	if status != http.StatusOK || body != "page of pump for erin" {
		t.Fatalf("after login: %d %q; want the page for erin", status, body)
	}
	if final.Path != "/repos/acme/pump/pulls/7" || final.RawQuery != "tab=evidence" {
		t.Fatalf("ended at %s; want the page first asked for", final)
	}
	// The session lasts: the next page needs no trip to GitHub's login.
	s.fake.ResetCalls()
	if status, _, _ := s.get(t, "/repos/acme/pump/pulls/8"); status != http.StatusOK {
		t.Fatalf("second page: %d", status)
	}
	for _, c := range s.fake.Calls() {
		if strings.HasPrefix(c.Path, "/login/") {
			t.Fatalf("second page went through login again: %s", c.Path)
		}
	}
}

func TestViewerWhoCannotReadGetsNotFound(t *testing.T) {
	s := newSite(t)
	s.get(t, "/repos/acme/pump/pulls/7") // log in as erin
	for _, path := range []string{"/repos/acme/secret/pulls/1", "/repos/acme/missing/pulls/1"} {
		status, body, _ := s.get(t, path)
		if status != http.StatusNotFound || strings.Contains(body, "secret") {
			t.Fatalf("%s: %d %q; want a 404 that names nothing", path, status, body)
		}
	}
}

func TestLoggedOutVisitorIsSentToLogin(t *testing.T) {
	s := newSite(t)
	s.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := s.client.Get(s.app.URL + "/repos/acme/secret/pulls/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != LoginPath+"?next=%2Frepos%2Facme%2Fsecret%2Fpulls%2F1" {
		t.Fatalf("logged out: %d to %q; want a redirect to login that returns here", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestForgedOrForeignSessionIsRefused(t *testing.T) {
	s := newSite(t)
	s.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req, _ := http.NewRequest(http.MethodGet, s.app.URL+"/repos/acme/pump/pulls/1", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: "eyJsb2dpbiI6ImVyaW4ifQ"})
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("forged session: %d; want a redirect to login", resp.StatusCode)
	}
}

func TestLoginNeverLeavesTheSite(t *testing.T) {
	for _, next := range []string{"//evil.example/x", "/\\evil.example", "https://evil.example/"} {
		t.Run(next, func(t *testing.T) {
			s := newSite(t)
			_, _, final := s.get(t, LoginPath+"?next="+url.QueryEscape(next))
			if final.Host != strings.TrimPrefix(s.app.URL, "https://") || final.Path != "/" {
				t.Fatalf("login with next=%q ended at %s; want this site's /", next, final)
			}
		})
	}
}

func TestCallbackWithoutItsStateIsRefused(t *testing.T) {
	s := newSite(t)
	status, _, _ := s.get(t, LoginPath+"?code=code1&state=planted")
	if status != http.StatusBadRequest {
		t.Fatalf("callback with a planted state: %d; want 400", status)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	s := newSite(t)
	s.get(t, "/repos/acme/pump/pulls/7")
	resp, err := s.client.Post(s.app.URL+LogoutPath, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = s.client.Get(s.app.URL + "/repos/acme/pump/pulls/7")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("after logout: %d; want a redirect to login", resp.StatusCode)
	}
}
