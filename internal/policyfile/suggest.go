package policyfile

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/prose"
)

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// orList renders choices as "a, b or c".
func orList(choices []string) string {
	if len(choices) == 1 {
		return choices[0]
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}

// suggest names the allowed word closest to a mistyped one, when it is close enough to be a
// typo: the same word in another case, or (for words of four letters or more) at most two
// edits away. The first closest word in allowed wins, so suggestions are stable.
func suggest(word string, allowed []string) string {
	best, bestDist := "", 3
	lower := strings.ToLower(word)
	for _, a := range allowed {
		dist := prose.Distance(lower, strings.ToLower(a))
		if dist != 0 && len(word) < 4 {
			continue
		}
		if dist < bestDist {
			best, bestDist = a, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
