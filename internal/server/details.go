package server

import (
	"net/http"
	"regexp"
	"strings"
)

// detailsPattern is the per-PR path check runs link to (evaluation.Service.detailsURL).
const detailsPattern = "GET /repos/{owner}/{repo}/pulls/{number}"

var (
	githubName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	prNumber   = regexp.MustCompile(`^[1-9][0-9]{0,9}$`)
)

// details answers a check run's details link. The per-PR evidence page behind GitHub login is
// the next milestone; until it lands the link leads to the pull request's checks on GitHub,
// which hold the full report, so a reviewer never meets a dead link, and links already posted
// keep working when the page arrives.
func (s *Server) details(w http.ResponseWriter, r *http.Request) {
	owner, repo, number := r.PathValue("owner"), r.PathValue("repo"), r.PathValue("number")
	if !githubName.MatchString(owner) || !githubName.MatchString(repo) || !prNumber.MatchString(number) {
		http.NotFound(w, r)
		return
	}
	web := strings.TrimRight(s.cfg.GitHub.WebURL, "/")
	http.Redirect(w, r, web+"/"+owner+"/"+repo+"/pull/"+number+"/checks", http.StatusFound)
}
