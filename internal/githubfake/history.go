package githubfake

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"
)

// history is a repository's linear commit history (oldest first) and its named refs, enough
// to answer "what came between two releases" as GitHub's compare does.
type history struct {
	commits []*github.RepositoryCommit
	refs    map[string]string // branch or tag name -> commit SHA
}

// PushCommits appends commits to branch, as a push or a merge does; each commit's Files are
// the files it changed.
func (s *Server) PushCommits(owner, repo, branch string, commits ...*github.RepositoryCommit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, branch)
	if r.history.refs == nil {
		r.history.refs = map[string]string{}
	}
	for _, c := range commits {
		r.history.commits = append(r.history.commits, clone(c))
		r.history.refs[branch] = c.GetSHA()
	}
}

// Tag names a commit, as a release tag does.
func (s *Server) Tag(owner, repo, tag, sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	if r.history.refs == nil {
		r.history.refs = map[string]string{}
	}
	r.history.refs[tag] = sha
}

func (s *Server) historyRoutes() {
	s.mux.HandleFunc("GET /repos/{owner}/{repo}/compare/{basehead...}", s.withRepo(s.compare))
	s.mux.HandleFunc("GET /repos/{owner}/{repo}/commits/{ref}", s.withRepo(s.getCommit))
}

// index finds a ref (branch, tag or SHA, full or abbreviated to 7+) in the history.
func (h history) index(ref string) int {
	if sha, ok := h.refs[ref]; ok {
		ref = sha
	}
	return slices.IndexFunc(h.commits, func(c *github.RepositoryCommit) bool {
		return c.GetSHA() == ref || (len(ref) >= 7 && strings.HasPrefix(c.GetSHA(), ref))
	})
}

// compare answers GET /compare/BASE...HEAD for a head that descends from base: the commits
// after base up to head, one page at a time, and the files they changed. As GitHub documents,
// the files are listed on the first page only, and at most 300 of them.
func (s *Server) compare(w http.ResponseWriter, r *http.Request, repo *repository) {
	base, head, ok := strings.Cut(r.PathValue("basehead"), "...")
	from, to := repo.history.index(base), repo.history.index(head)
	if !ok || from < 0 || to < 0 {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/commits/commits#compare-two-commits")
		return
	}
	between := []*github.RepositoryCommit{}
	if to > from {
		between = repo.history.commits[from+1 : to+1]
	}
	page, next := pageOf(r, between)
	if next != "" {
		w.Header().Set("Link", next)
	}
	commits := shapeCommits(repo, page)
	status := "ahead"
	switch {
	case to == from:
		status = "identical"
	case to < from:
		status = "behind"
	}
	api := "https://api.github.com/repos/" + repo.repo.GetFullName()
	writeJSON(w, http.StatusOK, map[string]any{
		"url": api + "/compare/" + base + "..." + head, "html_url": "https://github.com/" + repo.repo.GetFullName() + "/compare/" + base + "..." + head,
		"permalink_url": api + "/compare/" + base + "..." + head, "diff_url": "", "patch_url": "",
		"base_commit": shapeCommits(repo, repo.history.commits[from:from+1])[0], "merge_base_commit": shapeCommits(repo, repo.history.commits[min(from, to):min(from, to)+1])[0],
		"status": status, "ahead_by": max(to-from, 0), "behind_by": max(from-to, 0), "total_commits": len(between),
		"commits": commits, "files": comparedFiles(r, between),
	})
}

// comparedFiles are the files on a page of a comparison: all of them (up to 300) on the first.
func comparedFiles(r *http.Request, between []*github.RepositoryCommit) []map[string]any {
	if page, _ := strconv.Atoi(r.URL.Query().Get("page")); page > 1 {
		return []map[string]any{}
	}
	return changedFiles(between, 300)
}

// getCommit answers GET /commits/REF: the commit and the files it changed, a page at a time
// (GitHub pages a commit's files past 300, up to 3000).
func (s *Server) getCommit(w http.ResponseWriter, r *http.Request, repo *repository) {
	i := repo.history.index(r.PathValue("ref"))
	if i < 0 {
		writeError(w, http.StatusNotFound, "No commit found for SHA: "+r.PathValue("ref"), "https://docs.github.com/rest/commits/commits#get-a-commit")
		return
	}
	c := repo.history.commits[i]
	files := changedFiles([]*github.RepositoryCommit{c}, 3000)
	page, next := pageOf(r, files)
	if next != "" {
		w.Header().Set("Link", next)
	}
	shaped := commitShape(repo, c)
	shaped["files"] = page
	shaped["stats"] = map[string]any{"additions": 0, "deletions": 0, "total": 0}
	writeJSON(w, http.StatusOK, shaped)
}

// changedFiles joins the files of commits, the latest change of a path winning, up to limit.
func changedFiles(commits []*github.RepositoryCommit, limit int) []map[string]any {
	seen := map[string]int{}
	var out []map[string]any
	for _, c := range commits {
		for _, f := range c.Files {
			entry := map[string]any{
				"sha": fmt.Sprintf("%040x", len(out)+1), "filename": f.GetFilename(), "status": f.GetStatus(),
				"additions": f.GetAdditions(), "deletions": f.GetDeletions(), "changes": f.GetChanges(),
				"blob_url": "", "raw_url": "", "contents_url": "",
			}
			if i, ok := seen[f.GetFilename()]; ok {
				out[i] = entry
				continue
			}
			seen[f.GetFilename()] = len(out)
			out = append(out, entry)
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// shapeCommits gives commits GitHub's full commit shape.
func shapeCommits(repo *repository, commits []*github.RepositoryCommit) []map[string]any {
	out := make([]map[string]any, len(commits))
	for i, c := range commits {
		out[i] = commitShape(repo, c)
	}
	return out
}

func commitShape(repo *repository, c *github.RepositoryCommit) map[string]any {
	api := "https://api.github.com/repos/" + repo.repo.GetFullName()
	parents := []any{}
	for _, p := range c.Parents {
		parents = append(parents, map[string]any{"sha": p.GetSHA(), "url": api + "/commits/" + p.GetSHA()})
	}
	person := func(a *github.CommitAuthor) map[string]any {
		return map[string]any{"name": a.GetName(), "email": a.GetEmail(), "date": a.GetDate().Format("2006-01-02T15:04:05Z")}
	}
	user := func(u *github.User) any {
		if u == nil {
			return nil
		}
		return userTemplate(u)
	}
	inner := c.GetCommit()
	return map[string]any{
		"url": api + "/commits/" + c.GetSHA(), "sha": c.GetSHA(), "node_id": "C_" + c.GetSHA()[:min(10, len(c.GetSHA()))],
		"html_url": "https://github.com/" + repo.repo.GetFullName() + "/commit/" + c.GetSHA(), "comments_url": api + "/commits/" + c.GetSHA() + "/comments",
		"commit": map[string]any{
			"url": api + "/git/commits/" + c.GetSHA(), "message": inner.GetMessage(), "comment_count": 0,
			"author": person(inner.GetAuthor()), "committer": person(inner.GetCommitter()),
			"tree": map[string]any{"sha": fmt.Sprintf("%040x", 1), "url": api + "/git/trees/0"},
		},
		"author": user(c.GetAuthor()), "committer": user(c.GetCommitter()), "parents": parents,
	}
}

// contains reports whether sha is one of the pull request's commits or, once merged, the
// commit its merge made: GitHub associates both with the pull request.
func (p *pull) contains(sha string) bool {
	if p.pr.GetMerged() && p.pr.GetMergeCommitSHA() == sha {
		return true
	}
	return slices.ContainsFunc(p.commits, func(c *github.RepositoryCommit) bool { return c.GetSHA() == sha })
}
