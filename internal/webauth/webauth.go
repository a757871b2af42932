// Package webauth puts the app's pages behind GitHub login: a viewer logs in through the
// GitHub App's OAuth flow (go-githubapp's oauth2 handler), carries a sealed session cookie, and
// sees a repository's pages only after GitHub confirms, with the viewer's own token, that they
// can read that repository. Anyone else gets 404, so private repository names never leak.
package webauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/palantir/go-githubapp/oauth2"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/session"
)

// Routes the flow answers.
const (
	LoginPath  = oauth2.DefaultRoute // start and callback of the OAuth flow
	LogoutPath = "/logout"
)

const (
	sessionCookie = "iec62304_session"
	stateCookie   = "iec62304_login"
	sessionTTL    = 8 * time.Hour
	// stateTTL bounds how long a login may take between leaving for GitHub and coming back.
	stateTTL = 10 * time.Minute
)

// Viewer is the logged-in GitHub user.
type Viewer struct {
	Login string `json:"login"`
	Token string `json:"token"`
}

// TokenClients makes a GitHub client acting as a viewer; go-githubapp's ClientCreator is one.
type TokenClients interface {
	NewTokenClient(token string) (*github.Client, error)
}

// Auth is the login flow and the access check in front of the pages.
type Auth struct {
	clients  TokenClients
	sessions *session.Codec
	states   *session.Codec
	login    http.Handler
}

// New builds the login flow from the app's GitHub settings and the session key.
func New(cfg githubapp.Config, sessionKey string, clients TokenClients) (*Auth, error) {
	sessions, err := session.NewCodec(sessionKey, "session", sessionTTL)
	if err != nil {
		return nil, err
	}
	states, err := session.NewCodec(sessionKey, "login-state", stateTTL)
	if err != nil {
		return nil, err
	}
	a := &Auth{clients: clients, sessions: sessions, states: states}
	a.login = oauth2.NewHandler(oauth2.GetConfig(cfg, nil),
		oauth2.WithStore(stateStore{a}),
		oauth2.OnLogin(a.loggedIn),
		oauth2.OnError(a.loginFailed),
	)
	return a, nil
}

// Register adds the login and logout routes to mux.
func (a *Auth) Register(mux *http.ServeMux) {
	mux.Handle("GET "+LoginPath, a.login)
	mux.HandleFunc("POST "+LogoutPath, a.logout)
}

// RepoPage serves page to viewers who can read the repository named by the request's
// {owner} and {repo} path values. A visitor without a session is sent to log in and brought
// back; a viewer who cannot read it gets the same 404 as a repository that does not exist.
func (a *Auth) RepoPage(page func(w http.ResponseWriter, r *http.Request, v Viewer)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := a.viewer(r)
		if !ok {
			a.sendToLogin(w, r)
			return
		}
		switch err := a.canRead(r.Context(), v, r.PathValue("owner"), r.PathValue("repo")); {
		case err == nil:
			page(w, r, v)
		case errors.Is(err, errLoggedOut):
			a.sendToLogin(w, r)
		case errors.Is(err, errNoAccess):
			http.NotFound(w, r)
		default:
			zerolog.Ctx(r.Context()).Error().Err(err).Str("viewer", v.Login).Msg("cannot check the viewer's access to the repository")
			http.Error(w, "GitHub could not confirm your access to this repository; try again shortly", http.StatusBadGateway)
		}
	}
}

var (
	errNoAccess  = errors.New("viewer cannot read the repository")
	errLoggedOut = errors.New("viewer's token is no longer valid")
)

// canRead asks GitHub, as the viewer, for the repository: only what the viewer may read answers.
func (a *Auth) canRead(ctx context.Context, v Viewer, owner, repo string) error {
	client, err := a.clients.NewTokenClient(v.Token)
	if err != nil {
		return fmt.Errorf("create client for viewer %s: %w", v.Login, err)
	}
	_, _, err = client.Repositories.Get(ctx, owner, repo)
	var resp *github.ErrorResponse
	if errors.As(err, &resp) && resp.Response != nil {
		switch resp.Response.StatusCode {
		case http.StatusNotFound, http.StatusForbidden:
			return errNoAccess
		case http.StatusUnauthorized:
			return errLoggedOut
		}
	}
	if err != nil {
		return fmt.Errorf("get repository %s/%s as %s: %w", owner, repo, v.Login, err)
	}
	return nil
}

func (a *Auth) viewer(r *http.Request) (Viewer, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return Viewer{}, false
	}
	var v Viewer
	if a.sessions.Open(c.Value, &v) != nil || v.Login == "" || v.Token == "" {
		return Viewer{}, false
	}
	return v, true
}

func (a *Auth) sendToLogin(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, LoginPath+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
}

// loggedIn learns who the viewer is and starts their session, then returns them to the page
// they asked for.
func (a *Auth) loggedIn(w http.ResponseWriter, r *http.Request, login *oauth2.Login) {
	client, err := a.clients.NewTokenClient(login.Token.AccessToken)
	if err != nil {
		a.loginFailed(w, r, err)
		return
	}
	user, _, err := client.Users.Get(r.Context(), "")
	if err != nil {
		a.loginFailed(w, r, fmt.Errorf("read the logged-in user: %w", err))
		return
	}
	sealed, err := a.sessions.Seal(Viewer{Login: user.GetLogin(), Token: login.Token.AccessToken})
	if err != nil {
		a.loginFailed(w, r, err)
		return
	}
	next := a.returnPath(r)
	http.SetCookie(w, session.Expired(stateCookie))
	http.SetCookie(w, a.sessions.Cookie(sessionCookie, sealed))
	zerolog.Ctx(r.Context()).Info().Str("viewer", user.GetLogin()).Msg("viewer logged in")
	http.Redirect(w, r, next, http.StatusFound)
}

func (a *Auth) loginFailed(w http.ResponseWriter, r *http.Request, err error) {
	zerolog.Ctx(r.Context()).Warn().Err(err).Msg("GitHub login failed")
	http.SetCookie(w, session.Expired(stateCookie))
	status := http.StatusBadGateway
	var loginErr oauth2.LoginError
	if errors.Is(err, oauth2.ErrInvalidState) || errors.As(err, &loginErr) {
		status = http.StatusBadRequest
	}
	http.Error(w, "GitHub login did not complete; start again from the page you wanted", status)
}

func (a *Auth) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, session.Expired(sessionCookie))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// returnPath is where the login started from, if it is a path on this site.
func (a *Auth) returnPath(r *http.Request) string {
	var st loginState
	if c, err := r.Cookie(stateCookie); err == nil && a.states.Open(c.Value, &st) == nil && localPath(st.Next) {
		return st.Next
	}
	return "/"
}

// localPath accepts only a path on this site: "//evil.example" and "/\evil.example" are
// other sites to a browser, and a login must never bounce a viewer there.
func localPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\") && !strings.ContainsAny(p, "\r\n")
}
