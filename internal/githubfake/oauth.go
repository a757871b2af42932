package githubfake

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v62/github"
)

// userTokenPrefix marks the user-to-server tokens the OAuth flow hands out, as GitHub's own
// "gho_" tokens do; installation tokens are "ghs_".
const userTokenPrefix = "gho_fake"

// oauth is the fake's OAuth web flow: who logs in at the authorize page, the codes and tokens
// it issued, and who may read which repository with such a token.
type oauth struct {
	login   string            // the user the authorize page logs in, as if they clicked "Authorize"
	codes   map[string]string // code -> login
	tokens  map[string]string // token -> login
	readers map[string]map[string]bool
}

// SetOAuthUser makes login the person who logs in at the authorize page.
func (s *Server) SetOAuthUser(login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauth.login = login
}

// GrantRead lets login read owner/repo with a user token, as a collaborator or org member can.
func (s *Server) GrantRead(owner, repo, login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := repoKey(owner, repo)
	if s.oauth.readers[key] == nil {
		s.oauth.readers[key] = map[string]bool{}
	}
	s.oauth.readers[key][strings.ToLower(login)] = true
}

// IssueUserToken hands out a user token for login directly, as if they had logged in.
func (s *Server) IssueUserToken(login string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userTokenLocked(login)
}

func (s *Server) userTokenLocked(login string) string {
	token := fmt.Sprintf("%s%032d", userTokenPrefix, s.id())
	s.oauth.tokens[token] = login
	return token
}

func (s *Server) oauthRoutes() {
	s.mux.HandleFunc("GET /login/oauth/authorize", s.authorize)
	s.mux.HandleFunc("POST /login/oauth/access_token", s.accessToken)
	s.mux.HandleFunc("GET /user", s.getUser)
}

// authorize stands for GitHub's consent page: the configured user approves at once and GitHub
// sends the browser back with a one-time code and the state it was given.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	if q.Get("client_id") == "" || err != nil || back.Scheme == "" {
		http.Error(w, "The redirect_uri MUST match the registered callback URL for this application.", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	code := fmt.Sprintf("code%d", s.id())
	s.oauth.codes[code] = s.oauth.login
	s.mu.Unlock()
	values := back.Query()
	values.Set("code", code)
	values.Set("state", q.Get("state"))
	back.RawQuery = values.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// accessToken exchanges a code once for a user token, answering in JSON as GitHub does when
// asked to, and with GitHub's error shape (status 200, "error" field) for a bad code.
func (s *Server) accessToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request"})
		return
	}
	clientID, _, basic := r.BasicAuth()
	if !basic {
		clientID = r.PostForm.Get("client_id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	login, ok := s.oauth.codes[r.PostForm.Get("code")]
	delete(s.oauth.codes, r.PostForm.Get("code"))
	if clientID == "" || !ok {
		writeJSON(w, http.StatusOK, map[string]string{"error": "bad_verification_code", "error_description": "The code passed is incorrect or expired."})
		return
	}
	token := s.userTokenLocked(login)
	writeJSON(w, http.StatusOK, map[string]string{"access_token": token, "token_type": "bearer", "scope": ""})
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	login, ok := s.userOf(r)
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusUnauthorized, "Requires authentication", "https://docs.github.com/rest/users/users#get-the-authenticated-user")
		return
	}
	writeJSON(w, http.StatusOK, publicUser(login))
}

// publicUser is a user in GitHub's public-user shape, which GET /user answers for a token
// without the user scope (a GitHub App's user token).
func publicUser(login string) map[string]any {
	u := userTemplate(&github.User{Login: github.String(login), ID: github.Int64(userID(login)), Type: github.String("User")})
	for k, v := range map[string]any{
		"user_view_type": "public", "name": nil, "company": nil, "blog": "", "location": nil, "email": nil,
		"hireable": nil, "bio": nil, "public_repos": 0, "public_gists": 0, "followers": 0, "following": 0,
		"created_at": "2020-01-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
	} {
		u[k] = v
	}
	return u
}

// userOf is the user a request's token belongs to; false for app and installation tokens.
// Called with s.mu held.
func (s *Server) userOf(r *http.Request) (string, bool) {
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), "token "))
	login, ok := s.oauth.tokens[token]
	return login, ok
}

// hiddenFromUser reports a request made with a user token for a repository that user cannot
// read: GitHub answers 404 then, never 403, so the repository's existence does not leak.
// Called with s.mu held.
func (s *Server) hiddenFromUser(r *http.Request, repo *repository) bool {
	if !isUserToken(r) {
		return false
	}
	login, ok := s.userOf(r)
	return !ok || !s.oauth.readers[repoKey(repo.repo.GetOwner().GetLogin(), repo.repo.GetName())][strings.ToLower(login)]
}

func isUserToken(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Authorization"), userTokenPrefix)
}

// userID gives each login a stable ID, as GitHub accounts have.
func userID(login string) int64 {
	var id int64 = 7000000
	for _, c := range strings.ToLower(login) {
		id = id*31 + int64(c)
	}
	if id < 0 {
		id = -id
	}
	return id
}
