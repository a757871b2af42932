package policyfile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v4"
)

// minJustification is the shortest text that can say who decided and why.
const minJustification = 20

// placeholders are words that stand in for a justification nobody wrote yet.
var placeholders = map[string]bool{
	"tbd": true, "todo": true, "tbc": true, "n/a": true, "na": true, "none": true, "fixme": true,
	"wip": true, "later": true, "xxx": true, "see": true, "above": true, "below": true, "ok": true,
}

// justification decodes the text that justifies a deviation. An auditor reads it on every
// affected pull request, so a placeholder or a few characters are a problem, not a reason.
// It returns the text even when it is not good enough (the problem is recorded), so a caller
// does not also report the justification as missing.
func (d *decoder) justification(n *yaml.Node, what string) string {
	s, ok := d.str(n, what)
	if !ok {
		return ""
	}
	if text := strings.TrimSpace(s); utf8.RuneCountInString(text) < minJustification || onlyPlaceholders(text) {
		d.errorf(n, `%s: %q is not a justification: in at least %d characters, say who decided, why the risk is acceptable and where that is recorded (e.g. "QA board 2026-03-02: the second review happens at release per SOP-12; RISK-12")`,
			what, shorten(text), minJustification)
	}
	return s
}

// onlyPlaceholders reports whether text has no word but placeholders ("TBD", "n/a", "...").
func onlyPlaceholders(text string) bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/'
	})
	for _, w := range words {
		if !placeholders[strings.Trim(w, "/")] {
			return false
		}
	}
	return true
}

// shorten keeps a quoted value short in a message.
func shorten(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return string([]rune(s)[:limit]) + "…"
}
