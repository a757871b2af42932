package render

import (
	"fmt"
	"strconv"
	"strings"
)

// HeadPull is one open pull request whose head is the commit a check run is on, with the
// check run its own evaluation would give that commit.
type HeadPull struct {
	Number int
	Base   string // the base branch, whose policy judged it
	// Status and Conclusion are the check run's, as GitHub spells them.
	Status, Conclusion string
	Title              string
}

// SharedHead is the check run output for a commit that is the head of several open pull
// requests: GitHub shows one check run per commit, so it carries the strictest verdict among
// them (shown's output, that of pulls[shown]) and says which pull requests it covers.
// unjudged counts the pull requests sharing the head that were not judged, which fails the
// check (the caller sets the conclusion).
func SharedHead(shown CheckRunOutput, pulls []HeadPull, shownAt, unjudged int) CheckRunOutput {
	strictest := pulls[shownAt]
	total := len(pulls) + unjudged
	var b strings.Builder
	if unjudged > 0 {
		fmt.Fprintf(&b, "❌ **%d open pull requests share this head commit; the bot judges at most %d of them, so this check fails.** "+
			"Close the pull requests that are not needed, or give each its own commit.\n\n", total, len(pulls))
	}
	fmt.Fprintf(&b, "**This commit is the head of %d open pull requests.** One check run shows for all of them, so it "+
		"carries the strictest verdict: that of #%d into %s, below.\n\n", total, strictest.Number, code(strictest.Base))
	b.WriteString(shown.Summary)
	b.WriteString("\n\n**Pull requests with this head commit**\n\n| pull request | base | verdict |\n|---|---|---|\n")
	for _, p := range pulls {
		fmt.Fprintf(&b, "| #%d | %s | %s %s |\n", p.Number, codeInCell(p.Base), headVerdict(p), inertInCell(p.Title))
	}
	if unjudged > 0 {
		fmt.Fprintf(&b, "\n%d more not judged.\n", unjudged)
	}
	return CheckRunOutput{
		Title:   shown.Title + " (#" + strconv.Itoa(strictest.Number) + ", strictest of " + strconv.Itoa(total) + " pull requests)",
		Summary: truncate(b.String()),
		Text:    shown.Text,
	}
}

// headVerdict words a check run's state for the list of pull requests sharing a head.
func headVerdict(p HeadPull) string {
	switch {
	case p.Status != "completed":
		return "⏳ pending:"
	case p.Conclusion == "success":
		return "✅ passes:"
	case p.Conclusion == "neutral":
		return "➖ not enforced:"
	}
	return "❌ fails:"
}
