package refs

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/google/go-github/v62/github"

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
		{"tilde fence ignored", "~~~\nfixes #9\n~~~\nfixes #10", []snapshot.IssueRef{ref("acme", "pump", 10)}},
		{"long fence closes only with as many", "````\n```\nfixes #9\n```\n````\nfixes #10", []snapshot.IssueRef{ref("acme", "pump", 10)}},
		{"tilde fence is not closed by backticks", "~~~\n```\nfixes #9\n~~~\ncloses #11", []snapshot.IssueRef{ref("acme", "pump", 11)}},
		{"unclosed fence runs to the end", "```\nfixes #9", nil},
		{"double-backtick span ignored", "``fixes #9`` and ``a ` b`` but closes #12", []snapshot.IssueRef{ref("acme", "pump", 12)}},
		{"unmatched backtick is text", "a ` then fixes #13", []snapshot.IssueRef{ref("acme", "pump", 13)}},
		{"indented code block ignored", "Example:\n\n    fixes #9\n    closes #8\n\nfixes #14", []snapshot.IssueRef{ref("acme", "pump", 14)}},
		{"tab-indented code at the start", "\tfixes #9", nil},
		{"indented continuation of a paragraph counts", "This change\n    fixes #15", []snapshot.IssueRef{ref("acme", "pump", 15)}},
		{"HTML comment ignored", "<!-- Fixes #123: link the issue here -->\nCloses #16", []snapshot.IssueRef{ref("acme", "pump", 16)}},
		{"unclosed HTML comment hides the rest", "<!-- fixes #9\ncloses #8", nil},
		{"owner and repo in another case", "Closes Acme/PUMP#17", []snapshot.IssueRef{ref("acme", "pump", 17)}},
		{"issue URL in another case", "Fixes https://github.com/ACME/Pump/issues/18", []snapshot.IssueRef{ref("acme", "pump", 18)}},
		{"same issue in two cases once", "Fixes #19, fixes ACME/pump#19", []snapshot.IssueRef{ref("acme", "pump", 19)}},
		{"another repository in two cases once, first spelling kept", "Fixes Other/FW#3, fixes other/fw#3", []snapshot.IssueRef{ref("Other", "FW", 3)}},
		{"tilde fence with info string ignored", "~~~ text\nfixes #9\n~~~\nfixes #10", []snapshot.IssueRef{ref("acme", "pump", 10)}},
		{"indented fence up to three spaces ignored", "   ```\nfixes #9\n   ```\nfixes #10", []snapshot.IssueRef{ref("acme", "pump", 10)}},
		{"fence of four backticks not closed by three", "````\nfixes #9\n```\ncloses #8", nil},
		{"closing fence may be longer", "```\nfixes #9\n`````\nfixes #10", []snapshot.IssueRef{ref("acme", "pump", 10)}},
		{"backticks with a backtick after them are a code span, not a fence", "```a``` fixes #20", []snapshot.IssueRef{ref("acme", "pump", 20)}},
		{"code span over a line break", "Run `go test\nfixes #9` first; closes #21", []snapshot.IssueRef{ref("acme", "pump", 21)}},
		{"code span stops at a blank line", "a `b\n\nfixes #22 `", []snapshot.IssueRef{ref("acme", "pump", 22)}},
		{"triple-backtick span inline", "see ```fixes #9``` and fixes #23", []snapshot.IssueRef{ref("acme", "pump", 23)}},
		{"indented code after a heading", "## Example\n    fixes #9\nfixes #24", []snapshot.IssueRef{ref("acme", "pump", 24)}},
		{"indented code after a closing fence", "```\nx\n```\n    fixes #9", nil},
		{"indented code after a thematic break", "Text\n\n***\n    fixes #9", nil},
		{"indented code runs over blank lines", "\n    a\n\n    fixes #9\nfixes #25", []snapshot.IssueRef{ref("acme", "pump", 25)}},
		{"list item continuation counts", "- This change\n    fixes #26", []snapshot.IssueRef{ref("acme", "pump", 26)}},
		{"three-space indent is not code", "\n   fixes #27", []snapshot.IssueRef{ref("acme", "pump", 27)}},
		{"quoted text counts", "> Fixes #28", []snapshot.IssueRef{ref("acme", "pump", 28)}},
		{"fenced code in a quote ignored", "> ```\n> fixes #9\n> ```\n> fixes #29", []snapshot.IssueRef{ref("acme", "pump", 29)}},
		{"a fence ends with its quote", "> ```\n> fixes #9\n\nfixes #30", []snapshot.IssueRef{ref("acme", "pump", 30)}},
		{"quote markers inside an unquoted fence are code", "```\n> fixes #9\n```", nil},
		{"indented code in a quote ignored", ">     fixes #9\n>\n> fixes #31", []snapshot.IssueRef{ref("acme", "pump", 31)}},
		{"lazy continuation of a quoted paragraph counts", "> This change\n    fixes #32", []snapshot.IssueRef{ref("acme", "pump", 32)}},
		{"PR template comment over several lines", "## Issue\n<!--\n  Link the issue: Fixes #123\n-->\nFixes #33", []snapshot.IssueRef{ref("acme", "pump", 33)}},
		{"comment hides a fence inside it", "<!--\n```\n-->\nFixes #34", []snapshot.IssueRef{ref("acme", "pump", 34)}},
		{"text after a comment counts", "<!-- template --> Fixes #35", []snapshot.IssueRef{ref("acme", "pump", 35)}},
		{"dot-dot owner and repository are no names", "Fixes ../..#7, fixes ./x#8, fixes x/.#9, fixes ..#10", nil},
		{"dot-dot in an issue URL is no name", "Fixes https://github.com/../issues/issues/9", nil},
		{"dots inside a name are fine", "Fixes acme/.github#36, fixes a..b/c.d#37", []snapshot.IssueRef{ref("acme", ".github", 36), ref("a..b", "c.d", 37)}},
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

// TestClosingRefsResolveCase: however a reference spells the pull request's own repository, it
// names that repository as GitHub does, so the snapshot's issue is found and "#52" is shown.
func TestClosingRefsResolveCase(t *testing.T) {
	want := []snapshot.IssueRef{ref("acme-medical", "infusion-pump", 52)}
	for _, text := range []string{
		"Closes Acme-Medical/Infusion-Pump#52",
		"Fixes https://github.com/Acme-Medical/infusion-pump/issues/52",
		"Resolves ACME-MEDICAL/INFUSION-PUMP#52",
	} {
		if got := ClosingRefs(text, "acme-medical", "infusion-pump"); !reflect.DeepEqual(got, want) {
			t.Errorf("ClosingRefs(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestSameAndIssue(t *testing.T) {
	stored := ref("Other-Org", "FW", 3)
	issues := map[snapshot.IssueRef]*github.Issue{stored: {Number: github.Int(3)}}
	tests := []struct {
		name  string
		ref   snapshot.IssueRef
		found bool
	}{
		{"same spelling", stored, true},
		{"other case", ref("other-org", "fw", 3), true},
		{"other number", ref("other-org", "fw", 4), false},
		{"other repository", ref("other-org", "fw2", 3), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Same(stored, tt.ref); got != tt.found {
				t.Errorf("Same(%v, %v) = %v, want %v", stored, tt.ref, got, tt.found)
			}
			if _, ok := Issue(issues, tt.ref); ok != tt.found {
				t.Errorf("Issue(%v) found = %v, want %v", tt.ref, ok, tt.found)
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
		{"a template's HTML comment is no trace", "<!-- e.g. REQ-42 -->\nNothing yet", nil},
		{"an ID in code is still read", "`REQ-7`", []string{"REQ-7"}},
		{"an ID in a fenced block is still read", "~~~\nREQ-8\n~~~\n\n    REQ-9", []string{"REQ-8", "REQ-9"}},
		{"a template comment over several lines is no trace", "<!--\n  Requirement: REQ-42\n-->\nREQ-10", []string{"REQ-10"}},
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
	for _, seed := range []string{"Fixes #12", "closes a/b#3", "Resolves https://github.com/a/b/issues/4", "```fixes #1", "fixes #99999999999999999999", "~~~~\n~~~\nfixes #2", "<!-- fixes #3", "``a`` fixes A/B#4", "\n    fixes #5"} {
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
