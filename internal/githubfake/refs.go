package githubfake

import (
	"crypto/sha1"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// refRoutes serve branch references: a branch resolves to a commit whose files are those of
// the branch at that moment, and the contents API reads a commit like a branch. A branch's
// commit changes whenever one of its files does, as a push would.
func (s *Server) refRoutes() {
	s.mux.HandleFunc("GET /repos/{owner}/{repo}/git/ref/{ref...}", s.withRepo(s.getRef))
}

func (s *Server) getRef(w http.ResponseWriter, r *http.Request, repo *repository) {
	name := r.PathValue("ref")
	branch, ok := strings.CutPrefix(name, "heads/")
	if !ok || !repo.hasBranch(branch) {
		notFound(w)
		return
	}
	sha := repo.commitBranch(branch)
	full := repo.repo.GetFullName()
	writeJSON(w, 200, map[string]any{
		"ref": "refs/" + name, "node_id": "REF_" + sha[:12],
		"url": fmt.Sprintf("https://api.github.com/repos/%s/git/refs/%s", full, name),
		"object": map[string]any{"type": "commit", "sha": sha,
			"url": fmt.Sprintf("https://api.github.com/repos/%s/git/commits/%s", full, sha)},
	})
}

// hasBranch: the default branch, a branch with files, and every pull request's base exist.
func (r *repository) hasBranch(branch string) bool {
	if branch == r.repo.GetDefaultBranch() || r.files[branch] != nil {
		return true
	}
	for _, p := range r.pulls {
		if p.pr.GetBase().GetRef() == branch {
			return true
		}
	}
	return false
}

// commitBranch names the branch's current state by a commit SHA and keeps that state, so a
// read at the commit sees the files as they were when it was resolved.
func (r *repository) commitBranch(branch string) string {
	files := r.files[branch]
	h := sha1.New()
	fmt.Fprintf(h, "branch %s\x00", branch)
	for _, path := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%s\x00%x\x00", path, sha1.Sum(files[path]))
	}
	sha := fmt.Sprintf("%x", h.Sum(nil))
	r.commits[sha] = maps.Clone(files)
	return sha
}

// filesAt returns the files of a branch or of a commit resolved earlier.
func (r *repository) filesAt(ref string) map[string][]byte {
	if files, ok := r.files[ref]; ok {
		return files
	}
	return r.commits[ref]
}

// BranchCommit is the commit a branch points at now, as GET git/ref/heads/{branch} answers.
func (s *Server) BranchCommit(owner, repo, branch string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.repoLocked(owner, repo, "main").commitBranch(branch)
}
