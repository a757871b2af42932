package githubfake

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
)

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /app", s.appOnly(s.getApp))
	m.HandleFunc("GET /app/installations/{id}", s.getInstallation)
	m.HandleFunc("POST /app/installations/{id}/access_tokens", s.createToken)
	m.HandleFunc("GET /repos/{owner}/{repo}/installation", s.getInstallation)
	m.HandleFunc("GET /repos/{owner}/{repo}", s.withRepo(s.getRepo))
	m.HandleFunc("GET /repos/{owner}/{repo}/contents/{path...}", s.withRepo(s.getContents))
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls", s.withRepo(s.listPulls))
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}", s.withPull(func(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
		lastModified(w, p.pr.GetUpdatedAt().Time)
		writeJSON(w, 200, repo.shaped("pull", p.pr.GetNumber(), p.pr))
	}))
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}/files", s.withPull(func(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
		writeShapedPage(w, r, repo, "file", p.files, (*github.CommitFile).GetFilename)
	}))
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}/commits", s.withPull(func(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
		writeShapedPage(w, r, repo, "commit", p.commits, (*github.RepositoryCommit).GetSHA)
	}))
	m.HandleFunc("GET /repos/{owner}/{repo}/pulls/{number}/reviews", s.withPull(func(w http.ResponseWriter, r *http.Request, repo *repository, p *pull) {
		writeShapedPage(w, r, repo, "review", p.reviews, (*github.PullRequestReview).GetID)
	}))
	m.HandleFunc("GET /repos/{owner}/{repo}/commits/{sha}/pulls", s.withRepo(s.pullsForCommit))
	m.HandleFunc("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", s.withRepo(s.listCheckRuns))
	m.HandleFunc("POST /repos/{owner}/{repo}/check-runs", s.withRepo(s.createCheckRun))
	m.HandleFunc("GET /repos/{owner}/{repo}/check-runs/{id}", s.withRepo(s.getCheckRun))
	m.HandleFunc("PATCH /repos/{owner}/{repo}/check-runs/{id}", s.withRepo(s.updateCheckRun))
	m.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}", s.withRepo(s.getIssue))
	m.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/comments", s.withRepo(s.listComments))
	m.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/comments", s.withRepo(s.createComment))
	m.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", s.withRepo(s.editComment))
	m.HandleFunc("GET /orgs/{org}/teams/{slug}/members", s.listTeamMembers)
	s.issueRoutes()
	s.refRoutes()
	s.problemRoutes()
	s.oauthRoutes()
	s.historyRoutes()
	s.installationRoutes()
}

// handler is a route that works on a repository, under the server's lock.
type handler func(w http.ResponseWriter, r *http.Request, repo *repository)

func (s *Server) withRepo(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		repo, ok := s.repos[repoKey(r.PathValue("owner"), r.PathValue("repo"))]
		if !ok {
			notFound(w)
			return
		}
		h(w, r, repo)
	}
}

func (s *Server) withPull(h func(w http.ResponseWriter, r *http.Request, repo *repository, p *pull)) http.HandlerFunc {
	return s.withRepo(func(w http.ResponseWriter, r *http.Request, repo *repository) {
		n, _ := strconv.Atoi(r.PathValue("number"))
		p, ok := repo.pulls[n]
		if !ok {
			notFound(w)
			return
		}
		h(w, r, repo, p)
	})
}

// shapeAll renders seeded objects in GitHub's full shape, each found by its id.
// pullListOmits are the keys of a pull request that GitHub's lists leave out: their items are
// the pull-request-simple schema, without the counts, the merge state and who merged.
var pullListOmits = []string{"additions", "changed_files", "comments", "commits", "deletions", "maintainer_can_modify",
	"mergeable", "mergeable_state", "merged", "merged_by", "rebaseable", "review_comments"}

// writeShapedPage answers the requested page of items, each in GitHub's full shape. Only the
// page is shaped: a list of hundreds of pull requests is read a page at a time.
func writeShapedPage[T any, ID any](w http.ResponseWriter, r *http.Request, repo *repository, kind string, items []*T, id func(*T) ID, omit ...string) {
	page, link := pageOf(r, items)
	out := make([]json.RawMessage, len(page))
	for i, it := range page {
		out[i] = repo.shaped(kind, id(it), it, omit...)
	}
	writeLinked(w, link, out)
}

func notFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
}

// appOnly serves a route only to the app itself (its JWT, a Bearer token), as GitHub does.
func (s *Server) appOnly(serve func(w http.ResponseWriter, r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			writeError(w, http.StatusUnauthorized, "A JSON web token could not be decoded", "https://docs.github.com/rest")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		serve(w, r)
	}
}

func (s *Server) getApp(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, s.app) }

func (s *Server) getInstallation(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if id == 0 {
		id = DefaultInstallationID
	}
	writeJSON(w, 200, s.installationShape(id))
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens++
	token := fmt.Sprintf("ghs_fake%032d", s.tokens)
	s.tokenOwner[token], _ = strconv.ParseInt(r.PathValue("id"), 10, 64)
	writeJSON(w, 201, &github.InstallationToken{
		Token:       github.String(token),
		ExpiresAt:   &github.Timestamp{Time: time.Now().Add(time.Hour).UTC().Truncate(time.Second)},
		Permissions: s.app.Permissions,
	})
}

func (s *Server) getRepo(w http.ResponseWriter, r *http.Request, repo *repository) {
	if _, known := s.userOf(r); isUserToken(r) && !known {
		writeError(w, http.StatusUnauthorized, "Bad credentials", "https://docs.github.com/rest")
		return
	}
	if s.hiddenFromUser(r, repo) {
		notFound(w)
		return
	}
	writeJSON(w, 200, shape(repoTemplate(repo.repo), repo.repo))
}

func (s *Server) getContents(w http.ResponseWriter, r *http.Request, repo *repository) {
	ref := r.URL.Query().Get("ref")
	if ref == "" {
		ref = repo.repo.GetDefaultBranch()
	}
	path := strings.TrimSuffix(r.PathValue("path"), "/")
	files := repo.filesAt(ref)
	content, ok := files[path]
	if !ok {
		repo.listDirectory(w, files, ref, path)
		return
	}
	entry := repo.contentEntry(ref, path, "file", content)
	entry["encoding"], entry["content"] = "base64", base64.StdEncoding.EncodeToString(content)
	writeJSON(w, 200, entry)
}

// contentEntry is a file or folder as the contents API describes it, without the content.
func (r *repository) contentEntry(ref, path, kind string, content []byte) map[string]any {
	full := r.repo.GetFullName()
	name := path[strings.LastIndex(path, "/")+1:]
	sum := fmt.Sprintf("%x", sha1.Sum(content))
	if kind == "dir" {
		sum = fmt.Sprintf("%x", sha1.Sum([]byte("tree "+path)))
	}
	api := fmt.Sprintf("https://api.github.com/repos/%s/contents/%s?ref=%s", full, path, ref)
	html := fmt.Sprintf("https://github.com/%s/%s/%s/%s", full, map[string]string{"file": "blob", "dir": "tree"}[kind], ref, path)
	git := fmt.Sprintf("https://api.github.com/repos/%s/git/%s/%s", full, map[string]string{"file": "blobs", "dir": "trees"}[kind], sum)
	var raw any
	if kind == "file" {
		raw = fmt.Sprintf("https://raw.githubusercontent.com/%s/%s/%s", full, ref, path)
	}
	return map[string]any{
		"type": kind, "size": len(content), "name": name, "path": path, "sha": sum,
		"url": api, "html_url": html, "git_url": git, "download_url": raw,
		"_links": map[string]any{"self": api, "git": git, "html": html},
	}
}

func (s *Server) listPulls(w http.ResponseWriter, r *http.Request, repo *repository) {
	state := r.URL.Query().Get("state")
	if state == "" {
		state = "open"
	}
	var out []*github.PullRequest
	for _, n := range sortedKeys(repo.pulls) {
		if pr := repo.pulls[n].pr; state == "all" || pr.GetState() == state {
			out = append(out, pr)
		}
	}
	writeShapedPage(w, r, repo, "pull", out, (*github.PullRequest).GetNumber, pullListOmits...)
}

func (s *Server) pullsForCommit(w http.ResponseWriter, r *http.Request, repo *repository) {
	sha := r.PathValue("sha")
	var out []*github.PullRequest
	for _, n := range sortedKeys(repo.pulls) {
		if p := repo.pulls[n]; p.contains(sha) && !unmergedFork(repo, p.pr) {
			out = append(out, p.pr)
		}
	}
	writeShapedPage(w, r, repo, "pull", out, (*github.PullRequest).GetNumber, pullListOmits...)
}

func (s *Server) getIssue(w http.ResponseWriter, r *http.Request, repo *repository) {
	n, _ := strconv.Atoi(r.PathValue("number"))
	issue, ok := repo.issues[n]
	if !ok {
		notFound(w)
		return
	}
	lastModified(w, issue.GetUpdatedAt().Time)
	writeJSON(w, 200, repo.shapedIssue(issue))
}

func (s *Server) listTeamMembers(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	members, ok := s.teams[repoKey(r.PathValue("org"), r.PathValue("slug"))]
	if !ok {
		notFound(w)
		return
	}
	shaped := make([]json.RawMessage, len(members))
	for i, m := range members {
		shaped[i] = shape(userTemplate(m), m)
	}
	writePage(w, r, shaped)
}

// writePage answers a list endpoint one page at a time, with GitHub's Link header.
func writePage[T any](w http.ResponseWriter, r *http.Request, items []T) {
	out, link := pageOf(r, items)
	writeLinked(w, link, out)
}

// writeLinked answers one page with the Link header naming the others, if any.
func writeLinked(w http.ResponseWriter, link string, page any) {
	if link != "" {
		w.Header().Set("Link", link)
	}
	writeJSON(w, 200, page)
}

// pageOf cuts the requested page out of items, with the Link header naming the next and
// last pages when there are more.
func pageOf[T any](r *http.Request, items []T) ([]T, string) {
	q := r.URL.Query()
	perPage, _ := strconv.Atoi(q.Get("per_page"))
	if perPage <= 0 || perPage > 100 {
		perPage = 30
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page <= 0 {
		page = 1
	}
	start := min((page-1)*perPage, len(items))
	end := min(start+perPage, len(items))
	link := ""
	if end < len(items) {
		last := (len(items) + perPage - 1) / perPage
		link = fmt.Sprintf(`<%s>; rel="next", <%s>; rel="last"`, pageURL(r, page+1), pageURL(r, last))
	}
	out := items[start:end]
	if out == nil {
		out = []T{}
	}
	return out, link
}

func pageURL(r *http.Request, page int) string {
	u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(page))
	u.RawQuery = q.Encode()
	return u.String()
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func decodeBody(w http.ResponseWriter, r *http.Request, into any) bool {
	if err := json.NewDecoder(r.Body).Decode(into); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON", "https://docs.github.com/rest")
		return false
	}
	return true
}
