package policy

import (
	"path"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/google/go-github/v62/github"
)

// fileSet is the changed paths of a pull request. A rename counts under both its old and its
// new name: moving code out of a class C system is a change to that system.
type fileSet struct {
	paths []string
}

func newFileSet(files []*github.CommitFile) fileSet {
	seen := map[string]bool{}
	var paths []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	for _, f := range files {
		add(f.GetFilename())
		add(f.GetPreviousFilename())
	}
	sort.Strings(paths)
	return fileSet{paths: paths}
}

// matching returns the paths that match any of globs.
func (fs fileSet) matching(globs []string) []string {
	var out []string
	for _, p := range fs.paths {
		if matchAny(globs, p) {
			out = append(out, p)
		}
	}
	return out
}

func (fs fileSet) contains(p string) bool {
	i := sort.SearchStrings(fs.paths, p)
	return i < len(fs.paths) && fs.paths[i] == p
}

// matchAny reports whether p matches a glob. A glob without a slash also matches the base
// name anywhere ("go.mod" matches "services/api/go.mod"), as manifest names are meant.
func matchAny(globs []string, p string) bool {
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
