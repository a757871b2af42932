// Package githubfake is a fake GitHub REST API for tests, the demo and benchmarks: an
// httptest server speaking GitHub's JSON shapes (go-github's own types) for every endpoint
// the app uses, seeded from PR snapshot directories, recording every call, and able to add
// latency and inject faults per endpoint.
package githubfake

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v62/github"
)

// Identity of the app the fake serves, unless changed with WithApp.
const (
	DefaultAppID   int64 = 62304
	DefaultAppSlug       = "iec62304-bot"
	// DefaultOAuthUser is who logs in through the fake's OAuth flow unless SetOAuthUser says otherwise.
	DefaultOAuthUser = "octocat"
)

// Server is a running fake GitHub. All methods are safe for concurrent use.
type Server struct {
	srv *httptest.Server
	mux *http.ServeMux

	mu      sync.Mutex
	app     *github.App
	repos   map[string]*repository
	teams   map[string][]*github.User // "org/slug" -> members
	faults  []*Fault
	latency map[string]time.Duration
	holds   map[string]time.Duration
	nextID  int64
	tokens  int // installation tokens issued
	// tokenOwner maps an installation token to its installation, whose budget it spends.
	tokenOwner map[string]int64
	rate       map[int64]*rateLimit
	rateLimit  int
	rateWindow time.Duration
	oauth      oauth

	// callsMu guards calls alone: a call is recorded as its answer starts, while a handler may
	// still hold mu.
	callsMu sync.Mutex
	calls   []Call
}

// Option configures a Server.
type Option func(*Server)

// New starts a fake GitHub on a loopback port.
func New(opts ...Option) *Server {
	s := &Server{
		app:        newApp(DefaultAppID, DefaultAppSlug),
		repos:      map[string]*repository{},
		teams:      map[string][]*github.User{},
		latency:    map[string]time.Duration{},
		holds:      map[string]time.Duration{},
		nextID:     9000,
		tokenOwner: map[string]int64{}, rate: map[int64]*rateLimit{}, rateLimit: 5000, rateWindow: time.Hour,
		oauth: oauth{login: DefaultOAuthUser, codes: map[string]string{}, tokens: map[string]string{}, readers: map[string]map[string]bool{}},
	}
	for _, opt := range opts {
		opt(s)
	}
	s.mux = http.NewServeMux()
	s.routes()
	s.srv = httptest.NewServer(s.middleware(s.mux))
	return s
}

// URL is the API base URL, with the trailing slash go-github wants.
func (s *Server) URL() string { return s.srv.URL + "/" }

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

func newApp(id int64, slug string) *github.App {
	return &github.App{
		ID: github.Int64(id), Slug: github.String(slug), Name: github.String(slug),
		Owner:       &github.User{Login: github.String("acme-medical"), Type: github.String("Organization")},
		Permissions: &github.InstallationPermissions{Checks: github.String("write"), PullRequests: github.String("read"), Issues: github.String("write"), Contents: github.String("read"), Metadata: github.String("read"), Members: github.String("read"), Statuses: github.String("read")},
		Events:      []string{"check_run", "check_suite", "issue_comment", "issues", "pull_request", "pull_request_review", "status"},
	}
}

// botUser is the user the app writes comments as.
func (s *Server) botUser() *github.User { return botOf(s.app) }

// botOf is the user an app writes as, "<slug>[bot]".
func botOf(app *github.App) *github.User {
	return &github.User{Login: github.String(app.GetSlug() + "[bot]"), ID: github.Int64(app.GetID() + 41000000), Type: github.String("Bot")}
}

func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

func repoKey(owner, repo string) string { return strings.ToLower(owner + "/" + repo) }
