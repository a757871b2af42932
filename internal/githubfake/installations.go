package githubfake

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"
)

// The fake has one installation of the app: DefaultInstallationID, on the organisation
// DefaultAccount, with access to every repository that organisation owns in the fake.
const (
	DefaultInstallationID int64 = 4242
	DefaultAccount              = "acme-medical"
)

func (s *Server) installationRoutes() {
	s.mux.HandleFunc("GET /app/installations", s.appOnly(s.listInstallations))
	s.mux.HandleFunc("GET /installation/repositories", s.listInstallationRepos)
}

// listInstallations is GET /app/installations: the app's installations, for its JWT only.
func (s *Server) listInstallations(w http.ResponseWriter, r *http.Request) {
	writePage(w, r, []map[string]any{s.installationShape(DefaultInstallationID)})
}

// listInstallationRepos is GET /installation/repositories: the repositories the calling
// installation's token may read.
func (s *Server) listInstallationRepos(w http.ResponseWriter, r *http.Request) {
	if s.caller(r) == 0 {
		writeError(w, http.StatusForbidden, "You must authenticate with an installation access token in order to list repositories for an installation.",
			"https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var repos []*github.Repository
	for _, repo := range s.repos {
		if strings.EqualFold(repo.repo.GetOwner().GetLogin(), DefaultAccount) {
			repos = append(repos, repo.repo)
		}
	}
	sort.Slice(repos, func(i, j int) bool { return repos[i].GetFullName() < repos[j].GetFullName() })
	shaped := make([]json.RawMessage, len(repos))
	for i, repo := range repos {
		shaped[i] = shape(fullRepoTemplate(repo), repo)
	}
	page, link := pageOf(r, shaped)
	if link != "" {
		w.Header().Set("Link", link)
	}
	writeJSON(w, 200, map[string]any{"total_count": len(shaped), "repositories": page, "repository_selection": "selected"})
}

// installationShape is an installation of the app in GitHub's full shape.
func (s *Server) installationShape(id int64) map[string]any {
	account := &github.User{Login: github.String(DefaultAccount), ID: github.Int64(1000), Type: github.String("Organization")}
	ids := strconv.FormatInt(id, 10)
	// GitHub's description requires the account to be a user and an enterprise at once
	// (allOf), so it carries the enterprise's keys too.
	owner := userTemplate(account)
	owner["name"], owner["slug"] = DefaultAccount, DefaultAccount
	owner["created_at"], owner["updated_at"] = "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"
	return map[string]any{
		"id": id, "account": owner, "repository_selection": "selected",
		"access_tokens_url": "https://api.github.com/app/installations/" + ids + "/access_tokens",
		"repositories_url":  "https://api.github.com/installation/repositories",
		"html_url":          "https://github.com/organizations/" + DefaultAccount + "/settings/installations/" + ids,
		"app_id":            s.app.GetID(), "app_slug": s.app.GetSlug(), "target_id": account.GetID(), "target_type": "Organization",
		"permissions": toMap(s.app.GetPermissions()), "events": s.app.Events,
		"created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
		"single_file_name": nil, "has_multiple_single_files": false, "single_file_paths": []string{},
		"suspended_by": nil, "suspended_at": nil,
	}
}

// fullRepoTemplate is a repository in GitHub's full repository shape, as lists of an
// installation's repositories give it.
func fullRepoTemplate(r *github.Repository) map[string]any {
	m := repoTemplate(r)
	web := "https://github.com/" + r.GetFullName()
	for k, v := range map[string]any{
		"clone_url": web + ".git", "git_url": "git://github.com/" + r.GetFullName() + ".git", "ssh_url": "git@github.com:" + r.GetFullName() + ".git",
		"svn_url": web, "mirror_url": nil, "homepage": nil, "language": "Go", "license": nil,
		"forks": 0, "forks_count": 0, "stargazers_count": 0, "watchers": 0, "watchers_count": 0, "size": 0,
		"open_issues": 0, "open_issues_count": 0, "has_issues": true, "has_projects": false, "has_wiki": false,
		"has_pages": false, "has_downloads": false, "archived": false, "disabled": false, "visibility": "private",
		"pushed_at": "2026-11-01T00:00:00Z", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
	} {
		m[k] = v
	}
	return m
}
