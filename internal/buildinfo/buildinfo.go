// Package buildinfo says which build of the bot is running, from what the Go toolchain
// stamped into the binary: the module version, and the commit and its time when it was built
// from a git checkout. Check runs name it, so an auditor can reproduce a verdict.
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Info describes one build. Fields the toolchain did not stamp are empty.
type Info struct {
	// Version is the module version: a tag (v1.2.0), a pseudo-version, or "(devel)" for a
	// build from a work tree.
	Version string
	// Commit and Time are the git commit the binary was built from, and its commit time
	// (RFC 3339); Modified is set when the work tree had uncommitted changes.
	Commit, Time string
	Modified     bool
}

// Read returns the running binary's build information.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{}
	}
	return FromBuildInfo(bi)
}

// FromBuildInfo extracts Info from the Go toolchain's build information.
func FromBuildInfo(bi *debug.BuildInfo) Info {
	info := Info{Version: bi.Main.Version}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.time":
			info.Time = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// String is one line for people: "v1.2.0 (commit 1643b4bc…, 2026-11-20T10:00:00Z)". A build
// without version control information says so, rather than guessing.
func (i Info) String() string {
	version := i.Version
	if version == "" {
		version = "(unknown version)"
	}
	if i.Commit == "" {
		return version + " (no commit recorded: built outside a git checkout or with -buildvcs=false)"
	}
	details := []string{"commit " + i.Commit}
	if i.Modified {
		details[0] += " with uncommitted changes"
	}
	if i.Time != "" {
		details = append(details, "committed "+i.Time)
	}
	return version + " (" + strings.Join(details, ", ") + ")"
}
