package catalogue

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"
)

var reqPattern = regexp.MustCompile(`REQ-[0-9]+`)

func TestFromMarkdown(t *testing.T) {
	tests := []struct {
		name     string
		doc      string
		want     []Requirement
		problems []string
	}{
		{"headings of any level with separators", "# REQ-1: One\n### REQ-2 - Two ###\n###### [REQ-3] Three\n## **REQ-4** — Four\n",
			[]Requirement{{"REQ-1", "One", "a.md"}, {"REQ-2", "Two", "a.md"}, {"REQ-3", "Three", "a.md"}, {"REQ-4", "Four", "a.md"}}, nil},
		{"only headings that start with an ID", "## About REQ-1\nREQ-2: not a heading\n#REQ-3 no space\n    ## REQ-4 indented code\n",
			nil, nil},
		{"fenced code is an example", "```md\n## REQ-1: example\n```\n~~~~\n## REQ-2\n~~~~\n## REQ-3: real\n",
			[]Requirement{{"REQ-3", "real", "a.md"}}, nil},
		{"an ID must end at a word boundary", "## REQ-12a: no\n## REQ-12: yes\n", []Requirement{{"REQ-12", "yes", "a.md"}}, nil},
		{"a heading with only the ID has no title", "## REQ-7\n", []Requirement{{"REQ-7", "", "a.md"}}, nil},
		{"defined twice: the first stands", "## REQ-1: First\n## REQ-1: Second\n", []Requirement{{"REQ-1", "First", "a.md"}},
			[]string{"a.md: REQ-1 is defined twice, first in a.md"}},
		{"hostile title made one plain line", "## REQ-1: the `code` and\ttabs\x1b[31m",
			[]Requirement{{"REQ-1", "the 'code' and tabs [31m", "a.md"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := FromMarkdown(reqPattern, map[string][]byte{"a.md": []byte(tt.doc)})
			if !reflect.DeepEqual(d.Requirements, tt.want) || !reflect.DeepEqual(d.Problems, tt.problems) {
				t.Errorf("got %+v %q, want %+v %q", d.Requirements, d.Problems, tt.want, tt.problems)
			}
		})
	}
}

func TestTitleIsCapped(t *testing.T) {
	d := FromMarkdown(reqPattern, map[string][]byte{"a.md": []byte("## REQ-1: " + strings.Repeat("é", 5000))})
	if r, _ := d.Lookup("REQ-1"); len([]rune(r.Title)) != maxTitle || !strings.HasSuffix(r.Title, "…") {
		t.Errorf("title of %d characters, want %d ending in …", len([]rune(r.Title)), maxTitle)
	}
}

func TestFromMarkdownFilesInPathOrder(t *testing.T) {
	d := FromMarkdown(reqPattern, map[string][]byte{"b.md": []byte("## REQ-1: in b"), "a.md": []byte("## REQ-1: in a")})
	if r, ok := d.Lookup("REQ-1"); !ok || r.Source != "a.md" {
		t.Errorf("REQ-1 from %q, want a.md (path order)", r.Source)
	}
}

func TestFromIssues(t *testing.T) {
	issue := func(n int, title string, labels ...string) *github.Issue {
		is := &github.Issue{Number: github.Int(n), Title: github.String(title)}
		for _, l := range labels {
			is.Labels = append(is.Labels, &github.Label{Name: github.String(l)})
		}
		return is
	}
	pull := issue(4, "REQ-4: a pull request", "requirement")
	pull.PullRequestLinks = &github.PullRequestLinks{URL: github.String("https://api.github.com/repos/acme/pump/pulls/4")}
	d := FromIssues(reqPattern, "requirement", []*github.Issue{
		issue(1, "REQ-1: Dose limit", "Requirement"),
		issue(2, "REQ-2: not labelled", "bug"),
		issue(3, "Dose limit for REQ-3", "requirement"),
		pull,
	})
	want := []Requirement{{"REQ-1", "Dose limit", "#1"}}
	if !reflect.DeepEqual(d.Requirements, want) {
		t.Errorf("requirements %+v, want %+v", d.Requirements, want)
	}
	if want := []string{"#3: the title does not start with a requirement ID matching REQ-[0-9]+"}; !reflect.DeepEqual(d.Problems, want) {
		t.Errorf("problems %q, want %q", d.Problems, want)
	}
}

func TestFromDoorstop(t *testing.T) {
	d := FromDoorstop(reqPattern, map[string][]byte{
		"reqs/.doorstop.yml":  []byte("settings:\n  prefix: REQ\n"),
		"reqs/REQ-1.yml":      []byte("active: true\nheader: Dose limit\ntext: The pump...\n"),
		"reqs/REQ-2.yml":      []byte("text: |\n  Alarm volume\n  at least 65 dB\n"),
		"reqs/REQ-3.yml":      []byte("active: false\ntext: retired\n"),
		"reqs/REQ-4.yml":      []byte("normative: false\nheader: Introduction\n"),
		"reqs/REQ-5.yml":      []byte("text: [unclosed\n"),
		"reqs/notes.yml":      []byte("text: not an item\n"),
		"reqs/sub/REQ-6.yaml": []byte("text: Battery\n"),
	})
	want := []Requirement{{"REQ-1", "Dose limit", "reqs/REQ-1.yml"}, {"REQ-2", "Alarm volume", "reqs/REQ-2.yml"}, {"REQ-6", "Battery", "reqs/sub/REQ-6.yaml"}}
	if !reflect.DeepEqual(d.Requirements, want) {
		t.Errorf("requirements %+v, want %+v", d.Requirements, want)
	}
	if len(d.Problems) != 2 || !strings.HasPrefix(d.Problems[0], "reqs/REQ-5.yml: not a Doorstop item") ||
		d.Problems[1] != `reqs/notes.yml: the file name "notes" is not a requirement ID matching REQ-[0-9]+` {
		t.Errorf("problems %q", d.Problems)
	}
}

func TestProblemsAreBounded(t *testing.T) {
	var doc strings.Builder
	for range 50 {
		doc.WriteString("## REQ-1: again\n")
	}
	if d := FromMarkdown(reqPattern, map[string][]byte{"a.md": []byte(doc.String())}); len(d.Problems) != maxProblems {
		t.Errorf("%d problems kept, want %d", len(d.Problems), maxProblems)
	}
}

func TestFromStrictDoc(t *testing.T) {
	doc := `[DOCUMENT]
TITLE: Pump requirements

[SECTION]
TITLE: Dosing

[REQUIREMENT]
UID: REQ-1
STATUS: Approved
TITLE: Dose limit
STATEMENT: >>>
The pump never exceeds the limit.
UID: REQ-9
<<<

[REQUIREMENT]
TITLE: No UID yet

[REQUIREMENT]
UID: SYS-1
TITLE: Another document's

[/SECTION]

[REQUIREMENT]
UID: REQ-2
TITLE: Alarm volume
`
	d := FromStrictDoc(reqPattern, map[string][]byte{"reqs/pump.sdoc": []byte(doc)})
	want := []Requirement{{"REQ-1", "Dose limit", "reqs/pump.sdoc"}, {"REQ-2", "Alarm volume", "reqs/pump.sdoc"}}
	if !reflect.DeepEqual(d.Requirements, want) {
		t.Errorf("requirements %+v, want %+v", d.Requirements, want)
	}
	if want := []string{`reqs/pump.sdoc: the UID "SYS-1" is not a requirement ID matching REQ-[0-9]+`}; !reflect.DeepEqual(d.Problems, want) {
		t.Errorf("problems %q, want %q", d.Problems, want)
	}
}
