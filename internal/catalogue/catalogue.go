// Package catalogue reads a requirement catalogue: which requirement IDs a repository defines,
// and their titles, from its requirement issues or from files on its base branch (Markdown
// headings, Doorstop items). It does no I/O: githubio reads the sources, this package reads
// the requirements out of them, for the traceability rule and the release record alike.
package catalogue

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Requirement is one requirement the catalogue defines.
type Requirement struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Source is where it is defined: an issue ("#12") or a file path.
	Source string `json:"source"`
}

// Defined is what a catalogue defines, in the order its sources list it.
type Defined struct {
	Requirements []Requirement `json:"requirements"`
	// Problems are entries that define nothing, each naming its source and why ("a.md: REQ-1
	// is defined twice, first in b.md").
	Problems []string `json:"problems,omitempty"`
	byID     map[string]int
}

// Lookup finds a requirement by its ID, exactly as written.
func (d *Defined) Lookup(id string) (Requirement, bool) {
	i, ok := d.byID[id]
	if !ok {
		return Requirement{}, false
	}
	return d.Requirements[i], true
}

// add defines a requirement unless its ID is already defined: the first definition stands and
// the second is a problem, since two titles for one ID make every trace to it ambiguous.
func (d *Defined) add(r Requirement) {
	if d.byID == nil {
		d.byID = map[string]int{}
	}
	if i, ok := d.byID[r.ID]; ok {
		d.problem(r.Source, "%s is defined twice, first in %s", r.ID, d.Requirements[i].Source)
		return
	}
	r.Title = cleanTitle(r.Title)
	d.byID[r.ID] = len(d.Requirements)
	d.Requirements = append(d.Requirements, r)
}

// fromFiles reads each file in path order, so the first definition of an ID is the same
// whichever way the files were listed.
func fromFiles(files map[string][]byte, define func(d *Defined, path string, content []byte)) *Defined {
	d := &Defined{}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		define(d, p, files[p])
	}
	return d
}

// maxProblems bounds the problems kept: a catalogue of a thousand broken files says so in ten.
const maxProblems = 10

func (d *Defined) problem(source, format string, args ...any) {
	if len(d.Problems) < maxProblems {
		d.Problems = append(d.Problems, source+": "+fmt.Sprintf(format, args...))
	}
}

// leadingID splits text that starts with an ID matching pattern (after opening markup such as
// "[" or "**") into the ID and the title after it; ok is false when text does not start with
// one. "REQ-12: Dose limit" and "[REQ-12] Dose limit" give REQ-12 and "Dose limit".
func leadingID(pattern *regexp.Regexp, text string) (id, title string, ok bool) {
	text = strings.TrimLeft(text, " \t[*_`(")
	loc := pattern.FindStringIndex(text)
	if loc == nil || loc[0] != 0 || loc[1] == 0 {
		return "", "", false
	}
	rest := text[loc[1]:]
	// An ID runs up to a word boundary: "REQ-12a" is not REQ-12.
	if r := []rune(rest); len(r) > 0 && (unicode.IsLetter(r[0]) || unicode.IsDigit(r[0])) {
		return "", "", false
	}
	return text[:loc[1]], strings.TrimLeft(rest, " \t]*_`):.-–—"), true
}

// maxTitle bounds a title, in characters: the report shows it beside every trace.
const maxTitle = 200

// cleanTitle makes a title one short line: control characters and runs of white space become
// one space, and backticks become quotes so that a title cannot open a code span in the
// Markdown it is quoted in.
func cleanTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '`':
			return '\''
		case unicode.IsControl(r) || unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimRight(s, " *_#")
	if r := []rune(s); len(r) > maxTitle {
		s = string(r[:maxTitle-1]) + "…"
	}
	return s
}
