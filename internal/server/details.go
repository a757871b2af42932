package server

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/webauth"
)

// detailsPattern is the per-PR path check runs link to (evaluation.Service.detailsURL).
const detailsPattern = "GET /repos/{owner}/{repo}/pulls/{number}"

var (
	githubName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	prNumber   = regexp.MustCompile(`^[1-9][0-9]{0,9}$`)
)

// pages serves the details page and the release record behind GitHub login when the app has an OAuth client
// (GITHUB_OAUTH_CLIENT_ID); without one it cannot tell who may read what, so the link leads
// to the pull request's checks on GitHub instead, which GitHub guards itself.
func (s *Server) pages(mux *http.ServeMux) error {
	if s.cfg.GitHub.OAuth.ClientID == "" {
		mux.HandleFunc(detailsPattern, s.checksOnGitHub)
		return nil
	}
	auth, err := webauth.New(s.cfg.GitHub, s.cfg.Server.SessionKey, s.clients)
	if err != nil {
		return fmt.Errorf("GitHub login for the details pages: %w", err)
	}
	auth.Register(mux)
	mux.HandleFunc(detailsPattern, s.detailsPage(auth))
	mux.HandleFunc(releasePattern, s.releasePage(auth))
	return nil
}

// checksOnGitHub answers a details link with the pull request's checks on GitHub.
func (s *Server) checksOnGitHub(w http.ResponseWriter, r *http.Request) {
	owner, repo, number := r.PathValue("owner"), r.PathValue("repo"), r.PathValue("number")
	if !githubName.MatchString(owner) || !githubName.MatchString(repo) || !prNumber.MatchString(number) {
		http.NotFound(w, r)
		return
	}
	web := strings.TrimRight(s.cfg.GitHub.WebURL, "/")
	http.Redirect(w, r, web+"/"+owner+"/"+repo+"/pull/"+number+"/checks", http.StatusFound)
}
