package refs

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

func ref(owner, repo string, n int) snapshot.IssueRef {
	return snapshot.IssueRef{Owner: owner, Repo: repo, Number: n}
}

func TestClosingRefs(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []snapshot.IssueRef
	}{
		{"fixes same repo", "Fixes #12", []snapshot.IssueRef{ref("acme", "pump", 12)}},
		{"every keyword", "close #1 closes #2 closed #3 fix #4 fixes #5 fixed #6 resolve #7 resolves #8 resolved #9",
			[]snapshot.IssueRef{ref("acme", "pump", 1), ref("acme", "pump", 2), ref("acme", "pump", 3), ref("acme", "pump", 4),
				ref("acme", "pump", 5), ref("acme", "pump", 6), ref("acme", "pump", 7), ref("acme", "pump", 8), ref("acme", "pump", 9)}},
		{"case insensitive with colon", "FIXES: #7", []snapshot.IssueRef{ref("acme", "pump", 7)}},
		{"other repo", "closes other-org/fw.core#3", []snapshot.IssueRef{ref("other-org", "fw.core", 3)}},
		{"issue URL", "Resolves https://github.com/acme/pump/issues/44.", []snapshot.IssueRef{ref("acme", "pump", 44)}},
		{"pull URL does not close", "Fixes https://github.com/acme/pump/pull/44", nil},
		{"mention without keyword", "See #12 and relates to #13", nil},
		{"keyword inside a word", "prefixes #12 and unfixed #13", nil},
		{"no whitespace after keyword", "fixes#12", nil},
		{"duplicates once", "Fixes #5\n\nAlso fixes #5", []snapshot.IssueRef{ref("acme", "pump", 5)}},
		{"fenced code ignored", "```\nfixes #9\n```\nfixes #10", []snapshot.IssueRef{ref("acme", "pump", 10)}},
		{"inline code ignored", "`fixes #9` but closes #11", []snapshot.IssueRef{ref("acme", "pump", 11)}},
		{"zero is not an issue", "fixes #0", nil},
		{"multi-line body", "Dose rounding.\n\nCloses #52\nRefs REQ-1", []snapshot.IssueRef{ref("acme", "pump", 52)}},
		{"GH- form is not a closing ref", "fixes GH-12", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ClosingRefs(tt.text, "acme", "pump")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ClosingRefs(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestIDs(t *testing.T) {
	req := regexp.MustCompile(`REQ-[0-9]+`)
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"none", "no ids here", nil},
		{"one", "Implements REQ-12.", []string{"REQ-12"}},
		{"distinct in order", "REQ-3, REQ-1 and REQ-3 again", []string{"REQ-3", "REQ-1"}},
		{"in branch name", "feature/REQ-210-dose-rounding", []string{"REQ-210"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IDs(req, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("IDs(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func FuzzClosingRefs(f *testing.F) {
	for _, seed := range []string{"Fixes #12", "closes a/b#3", "Resolves https://github.com/a/b/issues/4", "```fixes #1", "fixes #99999999999999999999"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, r := range ClosingRefs(text, "acme", "pump") {
			if r.Number <= 0 || r.Owner == "" || r.Repo == "" {
				t.Fatalf("ClosingRefs(%q) returned invalid reference %+v", text, r)
			}
		}
	})
}

func FuzzIDs(f *testing.F) {
	pattern := regexp.MustCompile(`REQ-[0-9]+`)
	f.Add("REQ-1 REQ-2")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		seen := map[string]bool{}
		for _, id := range IDs(pattern, text) {
			if seen[id] || !pattern.MatchString(id) {
				t.Fatalf("IDs(%q) returned %q twice or not matching", text, id)
			}
			seen[id] = true
		}
	})
}
