package githubfake

import (
	"maps"
	"net/http"
	"slices"
	"strings"
)

// listDirectory answers the contents API for a folder: its files and folders, one level, in
// name order, as GitHub lists them; a folder that holds nothing does not exist (git has no
// empty folders), so it is a 404.
func (r *repository) listDirectory(w http.ResponseWriter, files map[string][]byte, ref, dir string) {
	prefix := dir + "/"
	if dir == "" {
		prefix = ""
	}
	entries := map[string]map[string]any{}
	for _, path := range slices.Sorted(maps.Keys(files)) {
		rest, ok := strings.CutPrefix(path, prefix)
		if !ok {
			continue
		}
		if child, _, nested := strings.Cut(rest, "/"); nested {
			if entries[child] == nil {
				entries[child] = r.contentEntry(ref, prefix+child, "dir", nil)
			}
			continue
		}
		entries[rest] = r.contentEntry(ref, path, "file", files[path])
	}
	if len(entries) == 0 {
		notFound(w)
		return
	}
	out := make([]map[string]any, 0, len(entries))
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		out = append(out, entries[name])
	}
	writeJSON(w, 200, out)
}
