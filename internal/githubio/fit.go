package githubio

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// GitHub's length limits, in characters: a check run's output title, summary and text each,
// and a comment's body. GitHub refuses (422) what is longer, and a refused check run would
// leave the pull request without its verdict.
const (
	MaxCheckRunText = 65535
	MaxCommentBody  = 65536
)

// fit returns text cut to at most limit characters, ending with a note that says so and
// where the rest is (where). It cuts at a line break when one is near, and closes a code
// fence left open, so the note renders as prose.
func fit(text string, limit int, where string) string {
	if utf8.RuneCountInString(text) <= limit {
		return text
	}
	note := fmt.Sprintf("\n\n**Cut to fit GitHub's limit of %d characters.** %s", limit, where)
	const fence = "\n```"
	keep := limit - utf8.RuneCountInString(note) - len(fence)
	cut := prefixRunes(text, max(keep, 0))
	if nl := strings.LastIndexByte(cut, '\n'); nl > len(cut)/2 {
		cut = cut[:nl]
	}
	if strings.Count(cut, "```")%2 == 1 {
		cut += fence
	}
	return cut + note
}

// prefixRunes is the first n characters of s.
func prefixRunes(s string, n int) string {
	i := 0
	for range n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// fitted is the spec with every output field within GitHub's limits.
func (spec CheckRunSpec) fitted() CheckRunSpec {
	rest := "The rest did not fit."
	if spec.DetailsURL != "" {
		rest = "The full evidence: " + spec.DetailsURL
	}
	spec.Title = fit(spec.Title, MaxCheckRunText, rest)
	spec.Summary = fit(spec.Summary, MaxCheckRunText, rest)
	spec.Text = fit(spec.Text, MaxCheckRunText, rest)
	return spec
}
