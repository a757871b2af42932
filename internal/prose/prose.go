// Package prose joins words the way the bot's messages write them, so the engine's findings
// and the renderer's wording read alike.
package prose

import "strings"

// JoinAnd renders "a, b and c".
func JoinAnd(items []string) string { return joinWith(items, " and ") }

// JoinOr renders "a, b or c".
func JoinOr(items []string) string { return joinWith(items, " or ") }

func joinWith(items []string, last string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// Quoted puts each item in a code span: "`a`".
func Quoted(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "`" + s + "`"
	}
	return out
}

// LowerFirst lowers the first letter, to continue a sentence with another's text.
func LowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
