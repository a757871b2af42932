package policyfile

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// decoder walks a YAML node tree by hand so that every problem carries the position of the
// node it is about. It collects problems instead of stopping at the first. Each method takes
// `what`, the dotted path of the value ("systems[0].paths"), for its messages.
type decoder struct {
	file     string
	problems []Problem
	// bundled is set for the bundled class files, whose keys have no other home.
	bundled bool
	// alternatives counts the patterns the file's globs stand for, braces expanded; once
	// tooManyAlternatives, the ceiling was reported.
	alternatives        int
	tooManyAlternatives bool
	// stageNodes are the problem_reports.labels values the file sets, by key.
	stageNodes map[string]*yaml.Node
}

// errorf records a problem at n, or at 1:1 when n has no position (the whole file).
func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil && n.Line > 0 {
		line, col = n.Line, max(n.Column, 1)
	}
	d.problems = append(d.problems, Problem{File: d.file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// mapping calls fn for each key of a mapping node in order, reporting non-mappings, duplicate
// keys and keys outside allowed (with the closest allowed key as a suggestion).
func (d *decoder) mapping(n *yaml.Node, what string, allowed []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s: want a mapping of %s, got %s", what, strings.Join(allowed, ", "), describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			d.errorf(k, "%s: a key must be a plain name, got %s; allowed keys: %s", what, describe(k), strings.Join(allowed, ", "))
		case seen[k.Value]:
			d.errorf(k, "%s: key %q appears twice; keep one", what, k.Value)
		case !contains(allowed, k.Value):
			d.unknownKey(k, what, allowed)
		default:
			seen[k.Value] = true
			fn(k.Value, k, v)
		}
	}
}

// str decodes a non-empty scalar.
func (d *decoder) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s: want a string, got %s", what, describe(n))
		return "", false
	}
	if strings.TrimSpace(n.Value) == "" {
		d.errorf(n, "%s: must not be empty", what)
		return "", false
	}
	return n.Value, true
}

// list calls item for each element of a sequence node; ok is false if n is not a list or any
// item failed.
func (d *decoder) list(n *yaml.Node, what, want string, item func(n *yaml.Node, what string) bool) bool {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: want a list of %s, got %s", what, want, describe(n))
		return false
	}
	ok := true
	for i, el := range n.Content {
		ok = item(el, fmt.Sprintf("%s[%d]", what, i)) && ok
	}
	return ok
}

// strList decodes a list of non-empty strings.
func (d *decoder) strList(n *yaml.Node, what string) ([]string, bool) {
	out := []string{}
	ok := d.list(n, what, "strings", func(el *yaml.Node, what string) bool {
		s, good := d.str(el, what)
		out = append(out, s)
		return good
	})
	return out, ok
}

// choiceList decodes a list whose items must each be one of choices.
func (d *decoder) choiceList(n *yaml.Node, what, noun string, choices []string) ([]string, bool) {
	out := []string{}
	ok := d.list(n, what, noun+"s ("+orList(choices)+")", func(el *yaml.Node, what string) bool {
		s, good := d.choice(el, what, noun, choices)
		out = append(out, s)
		return good
	})
	return out, ok
}

// globs decodes a list of doublestar globs ("dose/**", "**/*_test.go").
func (d *decoder) globs(n *yaml.Node, what string) ([]string, bool) {
	out := []string{}
	ok := d.list(n, what, "path globs", func(el *yaml.Node, what string) bool {
		g, good := d.relPath(el, what)
		if good && !doublestar.ValidatePattern(g) {
			d.errorf(el, "%s: bad glob %q: check its brackets and braces", what, g)
			good = false
		}
		good = good && d.checkComplexity(el, what, g)
		out = append(out, g)
		return good
	})
	return out, ok
}

// relPath decodes a path relative to the repository root, as GitHub lists changed files.
// Anything else could never match and would silently leave files out of a system or a rule.
func (d *decoder) relPath(n *yaml.Node, what string) (string, bool) {
	p, ok := d.str(n, what)
	if !ok {
		return "", false
	}
	if why := unmatchable(p); why != "" {
		d.errorf(n, "%s: %q %s", what, p, why)
		return "", false
	}
	return p, true
}

// unmatchable says why a path pattern can never match a path as GitHub lists it (relative to
// the repository root, forward slashes, no empty, "." or ".." parts, a file and not a folder),
// and what to write instead; "" when it can match.
func unmatchable(p string) string {
	switch {
	case strings.HasPrefix(p, "/"):
		return "starts with /: paths are relative to the repository root, write " + strconv.Quote(strings.TrimLeft(p, "/"))
	case strings.HasPrefix(p, "./"):
		return "never matches: GitHub lists paths without a leading \"./\", write " + strconv.Quote(strings.TrimPrefix(p, "./"))
	case strings.Contains(p, "\\"):
		return "never matches: GitHub lists paths with forward slashes, write " + strconv.Quote(strings.ReplaceAll(p, "\\", "/"))
	case strings.HasSuffix(p, "/"):
		fix := strings.TrimRight(p, "/")
		if !strings.HasSuffix(fix, "**") {
			fix += "/**"
		}
		return "never matches: GitHub lists files, not folders; for the files in it write " + strconv.Quote(fix)
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." {
			fix := "write the path from the repository root"
			if c := path.Clean(p); c != "." && c != ".." && !strings.HasPrefix(c, "../") {
				fix = "write " + strconv.Quote(c)
			}
			return "never matches: GitHub lists paths without empty, \".\" or \"..\" parts, " + fix
		}
	}
	return ""
}

// filePath decodes the path of one file: it is compared as it stands, so a glob there would
// never match.
func (d *decoder) filePath(n *yaml.Node, what string) (string, bool) {
	p, ok := d.relPath(n, what)
	if ok && strings.ContainsAny(p, "*?[]{}") {
		d.errorf(n, "%s: %q is a pattern, but this must be the path of one file (e.g. docs/soup.md)", what, p)
		return "", false
	}
	return p, ok
}

// labelList decodes a list of GitHub label names, which must differ even in case: GitHub
// treats "Risk:High" and "risk:high" as one label.
func (d *decoder) labelList(n *yaml.Node, what string) ([]string, bool) {
	labels, ok := d.strList(n, what)
	if !ok {
		return nil, false
	}
	seen := map[string]int{}
	for i, l := range labels {
		if first, dup := seen[strings.ToLower(l)]; dup {
			d.errorf(n.Content[i], "%s[%d]: label %q repeats %s[%d]; GitHub label names ignore case, keep one", what, i, l, what, first)
			ok = false
			continue
		}
		seen[strings.ToLower(l)] = i
	}
	return labels, ok
}

func (d *decoder) boolean(n *yaml.Node, what string) (bool, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errorf(n, "%s: want true or false, got %s", what, describe(n))
		return false, false
	}
	b, err := strconv.ParseBool(strings.ToLower(n.Value))
	if err != nil {
		d.errorf(n, "%s: want true or false, got %q", what, n.Value)
		return false, false
	}
	return b, true
}

func (d *decoder) integer(n *yaml.Node, what string) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		d.errorf(n, "%s: want a whole number, got %s", what, describe(n))
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		d.errorf(n, "%s: want a whole number, got %q", what, n.Value)
		return 0, false
	}
	return v, true
}

// oneOf decodes a string that must be one of choices.
func (d *decoder) oneOf(n *yaml.Node, what string, choices ...string) (string, bool) {
	return d.choice(n, what, "value", choices)
}

// choice decodes a string that must be one of choices; noun names it in messages.
func (d *decoder) choice(n *yaml.Node, what, noun string, choices []string) (string, bool) {
	s, ok := d.str(n, what)
	if !ok {
		return "", false
	}
	if !contains(choices, s) {
		d.errorf(n, "%s: unknown %s %q%s; want %s", what, noun, s, suggest(s, choices), orList(choices))
		return "", false
	}
	return s, true
}

var classNames = []string{string(policy.ClassA), string(policy.ClassB), string(policy.ClassC)}

func (d *decoder) class(n *yaml.Node, what string) (policy.Class, bool) {
	s, ok := d.choice(n, what, "safety class", classNames)
	return policy.Class(s), ok
}

func (d *decoder) regex(n *yaml.Node, what string) (*regexp.Regexp, bool) {
	s, ok := d.str(n, what)
	if !ok {
		return nil, false
	}
	re, err := regexp.Compile(s)
	if err != nil {
		d.errorf(n, "%s: bad regular expression %q: %v", what, s, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		return nil, false
	}
	return re, true
}

// describe names what a node holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return fmt.Sprintf("the alias *%s (anchors and aliases are not supported: write the value out)", n.Value)
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}
