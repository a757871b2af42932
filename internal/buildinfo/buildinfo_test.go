package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"release from a checkout", debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "1643b4bc0f6a1d4a3b8c0a1e2f3d4c5b6a7e8f90"}, {Key: "vcs.time", Value: "2026-11-20T10:00:00Z"}, {Key: "vcs.modified", Value: "false"}}},
			"v1.2.0 (commit 1643b4bc0f6a1d4a3b8c0a1e2f3d4c5b6a7e8f90, committed 2026-11-20T10:00:00Z)"},
		{"work tree with changes", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "42b70c5"}, {Key: "vcs.modified", Value: "true"}}},
			"(devel) (commit 42b70c5 with uncommitted changes)"},
		{"no version control information", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			"(devel) (no commit recorded: built outside a git checkout or with -buildvcs=false)"},
		{"nothing stamped", debug.BuildInfo{}, "(unknown version) (no commit recorded: built outside a git checkout or with -buildvcs=false)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FromBuildInfo(&tt.bi).String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
