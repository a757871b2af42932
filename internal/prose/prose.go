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

// Mentions writes each login as GitHub mentions it: "@login".
func Mentions(logins []string) []string {
	out := make([]string, len(logins))
	for i, l := range logins {
		out[i] = "@" + l
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

// Distance is the edit (Levenshtein) distance between a and b, in bytes: how far a typo is
// from the word meant.
func Distance(a, b string) int {
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
