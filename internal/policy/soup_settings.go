package policy

// IsManifest reports whether a path is one of the dependency manifests, matched as the SOUP
// rule matches them (a glob without a slash names the file in any folder); the release record
// uses it for the manifests a whole release changed.
func (s SOUPSettings) IsManifest(path string) bool { return matchesManifest(s.Manifests, path) }
