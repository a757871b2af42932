package policy

import (
	"path"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/google/go-github/v62/github"
)

// fileSet is the changed paths of a pull request. A rename counts under both its old and its
// new name: moving code out of a class C system is a change to that system. Only files with
// content after the change (not removed, not a pure move) can be evidence of new tests.
type fileSet struct {
	paths   []string
	written map[string]bool
}

func newFileSet(files []*github.CommitFile) fileSet {
	fs := fileSet{written: map[string]bool{}}
	seen := map[string]bool{}
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			fs.paths = append(fs.paths, p)
		}
	}
	for _, f := range files {
		add(f.GetFilename())
		add(f.GetPreviousFilename())
		if hasNewContent(f) {
			fs.written[f.GetFilename()] = true
		}
	}
	sort.Strings(fs.paths)
	return fs
}

// hasNewContent: only a file written by the change can be evidence. A removed file is gone, a
// renamed file without changes is only moved, and an unchanged or unknown status is no change
// at all, so it fails closed.
func hasNewContent(f *github.CommitFile) bool {
	switch f.GetStatus() {
	case "added", "modified", "copied", "changed":
		return true
	case "renamed":
		return f.GetChanges() > 0
	}
	return false
}

// matchingManifests returns the paths that match a dependency-manifest glob.
func (fs fileSet) matchingManifests(globs []string) []string {
	return fs.filter(func(p string) bool { return matchesManifest(globs, p) })
}

// writtenMatching returns the paths with new content that match a glob: what can be evidence.
func (fs fileSet) writtenMatching(globs []string) []string {
	return fs.filter(func(p string) bool { return fs.written[p] && matchesPath(globs, p) })
}

func (fs fileSet) filter(keep func(string) bool) []string {
	var out []string
	for _, p := range fs.paths {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}

func (fs fileSet) contains(p string) bool {
	i := sort.SearchStrings(fs.paths, p)
	return i < len(fs.paths) && fs.paths[i] == p
}

// matchesPath reports whether p, a path from the repository root, matches a glob as a whole:
// a system's "*.go" claims the root folder's Go files only, never dose/rounding.go, so no file
// can fall into a lower class by its name alone.
func matchesPath(globs []string, p string) bool {
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, p); ok {
			return true
		}
	}
	return false
}

// matchesManifest also matches a glob without a slash against the file name in any folder
// ("go.mod" matches "services/api/go.mod"), as dependency manifests are named.
func matchesManifest(globs []string, p string) bool {
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, p); ok {
			return true
		}
		if !strings.Contains(g, "/") {
			if ok, _ := doublestar.Match(g, path.Base(p)); ok {
				return true
			}
		}
	}
	return false
}
