package policyfile

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// decoder walks a YAML node tree by hand so that every problem carries the position of the
// node it is about. It collects problems instead of stopping at the first.
type decoder struct {
	file     string
	problems []Problem
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil && n.Line > 0 {
		line, col = n.Line, n.Column
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
		case seen[k.Value]:
			d.errorf(k, "%s: key %q appears twice; keep one", what, k.Value)
		case !contains(allowed, k.Value):
			d.errorf(k, "%s: unknown key %q%s; allowed keys: %s", what, k.Value, suggest(k.Value, allowed), strings.Join(allowed, ", "))
		default:
			seen[k.Value] = true
			fn(k.Value, k, v)
		}
	}
}

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

func (d *decoder) strList(n *yaml.Node, what string) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: want a list of strings, got %s", what, describe(n))
		return nil, false
	}
	out := []string{}
	ok := true
	for i, item := range n.Content {
		s, good := d.str(item, fmt.Sprintf("%s[%d]", what, i))
		ok = ok && good
		if good {
			out = append(out, s)
		}
	}
	return out, ok
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
	s, ok := d.str(n, what)
	if !ok {
		return "", false
	}
	if !contains(choices, s) {
		d.errorf(n, "%s: unknown value %q; want %s", what, s, orList(choices))
		return "", false
	}
	return s, true
}

func (d *decoder) class(n *yaml.Node, what string) (policy.Class, bool) {
	s, ok := d.str(n, what)
	if !ok {
		return "", false
	}
	c := policy.Class(strings.ToUpper(s))
	if c.Rank() == 0 {
		d.errorf(n, "%s: unknown safety class %q; want A, B or C", what, s)
		return "", false
	}
	return c, true
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

// globs decodes a list of doublestar globs ("dose/**", "**/*_test.go").
func (d *decoder) globs(n *yaml.Node, what string) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: want a list of path globs, got %s", what, describe(n))
		return nil, false
	}
	out := []string{}
	ok := true
	for i, item := range n.Content {
		g, good := d.str(item, fmt.Sprintf("%s[%d]", what, i))
		if good && !doublestar.ValidatePattern(g) {
			d.errorf(item, "%s[%d]: bad glob %q: check its brackets and braces", what, i, g)
			good = false
		}
		if good && strings.HasPrefix(g, "/") {
			d.errorf(item, "%s[%d]: glob %q starts with /: paths are relative to the repository root, drop the leading /", what, i, g)
			good = false
		}
		ok = ok && good
		if good {
			out = append(out, g)
		}
	}
	return out, ok
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func orList(choices []string) string {
	if len(choices) == 1 {
		return choices[0]
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}

// suggest names the allowed key closest to a mistyped one, when it is close enough to be a typo.
func suggest(key string, allowed []string) string {
	if len(key) < 4 {
		return ""
	}
	best, bestDist := "", 3
	sorted := append([]string(nil), allowed...)
	sort.Strings(sorted)
	for _, a := range sorted {
		if dist := levenshtein(strings.ToLower(key), a); dist < bestDist {
			best, bestDist = a, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
