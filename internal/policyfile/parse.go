package policyfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// MaxSize is the largest policy file read, in bytes. Real policies are a few KiB; a larger
// file would only cost memory and time on every evaluation.
const MaxSize = 256 << 10

// maxProblems is how many problems a validation reports; the rest are counted.
const maxProblems = 50

// LoadFile reads and validates a policy file. A file that cannot be read is an error naming
// its path; an invalid one is a *ValidationError.
func LoadFile(path string) (*policy.Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load policy: %w", err)
	}
	return Parse(path, data)
}

// Parse validates the content of a policy file and merges it with the bundled class defaults.
// name is the file's name in messages. An invalid file returns *ValidationError with every
// problem found.
func Parse(name string, data []byte) (*policy.Policy, error) {
	d := &decoder{file: name}
	p := Default()
	p.Source, p.Configured = name, true
	if len(data) > MaxSize {
		d.errorf(nil, "the file is %d KiB, more than the %d KiB a policy may have: a policy is a page of settings, so shorten it", (len(data)+1023)/1024, MaxSize/1024)
		return nil, d.result()
	}
	if root := d.document(data, missingVersion); root != nil {
		d.config(root, p)
	}
	if err := d.result(); err != nil {
		return nil, err
	}
	return p, nil
}

// Needs is what a policy asks the GitHub fetcher to read beyond the pull request itself.
type Needs struct {
	// Teams are the required reviewer teams, the change-request approvers and every team a
	// rule's options name (rules.policy_change.required_teams), whose members the rules must know.
	Teams []string
	// Checks are the required checks; commit statuses are read only when one of them is not
	// among the head commit's check runs.
	Checks []string
	// ApprovedLabel marks an approved change request: who added it is read from the issue's
	// events.
	ApprovedLabel string
	// Catalogue is the requirement catalogue to read from the base branch; nil when none.
	Catalogue *policy.Catalogue
}

// NeedsOf returns what a policy file needs read; a file that does not parse needs nothing,
// since its evaluation fails on the parse anyway.
func NeedsOf(data []byte) Needs {
	p, err := Parse("config", data)
	if err != nil {
		return Needs{}
	}
	teams := slices.Clone(p.Config.Reviews.RequiredTeams)
	named := [][]string{p.Config.Traceability.Approvers}
	for _, r := range policy.Rules() {
		for _, o := range r.Options {
			if o.Teams != nil {
				named = append(named, o.Teams(p.Config))
			}
		}
	}
	for _, t := range slices.Concat(named...) {
		if !slices.Contains(teams, t) {
			teams = append(teams, t)
		}
	}
	return Needs{Teams: teams, Checks: p.Config.TestEvidence.RequiredChecks, ApprovedLabel: p.Config.Traceability.Labels.Approved,
		Catalogue: p.Config.Traceability.Catalogue}
}

// document parses YAML into its root node, reporting syntax errors, multi-document input, and
// an empty document (no content, only comments, or null) as the problem empty. It returns nil
// when there is nothing to decode.
func (d *decoder) document(data []byte, empty string) *yaml.Node {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.errorf(nil, "%s", empty)
		} else {
			d.syntaxError(err, data)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		d.errorf(&extra, "a second YAML document (---) is not allowed: keep one document")
		return nil
	case !errors.Is(err, io.EOF):
		d.syntaxError(err, data)
		return nil
	}
	if len(doc.Content) == 0 || doc.Content[0].Tag == "!!null" {
		d.errorf(nil, "%s", empty)
		return nil
	}
	return doc.Content[0]
}

// missingVersion is the problem of a file without a version, empty or not.
const missingVersion = `version is missing: add "version: 1" as the first line`

// syntaxError reports a YAML parser error where the parser found it, and where the construct
// it was reading began when that is elsewhere: for an unclosed quote the problem is at the end
// of the file, but the quote to fix is where it opened. Errors without a position (bytes that
// are not UTF-8) are about the whole file.
func (d *decoder) syntaxError(err error, data []byte) {
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		d.errorf(nil, "YAML syntax error: %v", err)
		return
	}
	if line, col, ok := tabIndent(data, le.Mark.Line); ok {
		d.errorf(&yaml.Node{Line: line, Column: col}, "YAML syntax error: a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces")
		return
	}
	msg := le.Message
	if c := le.ContextMark; le.ContextMsg != "" && c.Line > 0 && c != le.Mark {
		msg += fmt.Sprintf(" (%s that begins at line %d, column %d)", le.ContextMsg, c.Line, c.Column)
	}
	d.errorf(&yaml.Node{Line: le.Mark.Line, Column: le.Mark.Column}, "YAML syntax error: %s", msg)
}

// result returns the problems found, in file order, or nil. Past maxProblems it keeps the
// first ones and says how many more there are: a hostile file must not fill a check run.
func (d *decoder) result() error {
	if len(d.problems) == 0 {
		return nil
	}
	sort.SliceStable(d.problems, func(i, j int) bool {
		a, b := d.problems[i], d.problems[j]
		return a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column)
	})
	if more := len(d.problems) - maxProblems; more > 0 {
		next := d.problems[maxProblems]
		next.Message = fmt.Sprintf("%d more problems from here on are not shown: fix these and validate again", more)
		d.problems = append(d.problems[:maxProblems:maxProblems], next)
	}
	return &ValidationError{Problems: d.problems}
}

// tabIndent finds a tab in the indentation of the given line (1-based) or the line before it,
// where the YAML parser stops on one, and returns its position.
func tabIndent(data []byte, line int) (int, int, bool) {
	lines := strings.Split(string(data), "\n")
	for _, l := range []int{line, line - 1} {
		if l < 1 || l > len(lines) {
			continue
		}
		text := lines[l-1]
		indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
		if i := strings.IndexByte(indent, '\t'); i >= 0 {
			return l, i + 1, true
		}
	}
	return 0, 0, false
}
