package refs

import (
	"regexp"
	"strings"
)

// htmlComment matches an HTML comment, which GitHub does not render: pull request templates
// are full of them ("<!-- Fixes #123 -->", "<!-- e.g. REQ-42 -->"), and an example in a
// template must never count as a trace. An unclosed comment hides the rest of the text, as an
// HTML block does on GitHub.
var htmlComment = regexp.MustCompile(`(?s)<!--.*?(?:-->|$)`)

// fenceOpen matches a fenced code block's opening line: up to three spaces, then three or more
// backticks or tildes, then an info string.
var fenceOpen = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})(.*)$")

// quoteMarker matches one blockquote marker: up to three spaces, '>', an optional space.
var quoteMarker = regexp.MustCompile(`^ {0,3}> ?`)

// paragraphEnder matches the lines after which an indented line cannot continue a paragraph:
// an ATX heading, a thematic break, or a setext heading's underline.
var paragraphEnder = regexp.MustCompile(`^ {0,3}(?:#{1,6}(?:[ \t].*)?|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,}|=+[ \t]*|-+[ \t]*)$`)

// blankLine separates paragraphs; a code span never crosses one.
var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// invisible removes HTML comments, which a reader never sees.
func invisible(text string) string {
	return htmlComment.ReplaceAllString(text, " ")
}

// prose keeps only the text GitHub renders as prose, where it links issues: HTML comments,
// fenced and indented code blocks (also inside blockquotes), and code spans are blanked out.
// Comments go first, before the Markdown structure is known: that only ever hides more (a
// "<!--" inside code then hides what follows), never shows a reference GitHub would not link.
func prose(text string) string {
	lines := strings.Split(invisible(text), "\n")
	var s blockScanner
	for i, line := range lines {
		if s.isCode(line) {
			lines[i] = ""
		}
	}
	return withoutCodeSpans(strings.Join(lines, "\n"))
}

// blockScanner follows the block structure line by line, as far as finding code needs:
// blockquote depth, fenced blocks, and whether a paragraph is open (an indented line
// continues an open paragraph, and otherwise is an indented code block).
type blockScanner struct {
	fence      string // the opening fence while inside a fenced block
	fenceDepth int    // the blockquote depth the fence was opened at
	depth      int    // the previous line's blockquote depth
	paragraph  bool   // the previous line left a paragraph open
}

// isCode reports whether line is code (including a fence line) and advances the scanner.
func (s *blockScanner) isCode(line string) bool {
	if s.fence != "" {
		depth, rest := unquote(line, s.fenceDepth)
		if depth == s.fenceDepth {
			if closesFence(rest, s.fence) {
				s.fence = ""
			}
			return true
		}
		s.fence = "" // the blockquote holding the fence ended, and the fence with it
	}
	depth, rest := unquote(line, -1)
	// A line with fewer quote markers may still lazily continue a quoted paragraph.
	continues := s.paragraph && depth <= s.depth
	s.depth, s.paragraph = depth, false
	switch {
	case strings.TrimSpace(rest) == "":
		return false
	case openFence(rest) != "":
		s.fence, s.fenceDepth = openFence(rest), depth
		return true
	case indented(rest) && !continues:
		return true
	}
	s.paragraph = !paragraphEnder.MatchString(rest)
	return false
}

// unquote strips up to max blockquote markers (all of them when max < 0) and returns how many
// it stripped and the rest of the line.
func unquote(line string, max int) (int, string) {
	depth := 0
	for max < 0 || depth < max {
		m := quoteMarker.FindString(line)
		if m == "" {
			break
		}
		line = line[len(m):]
		depth++
	}
	return depth, line
}

// openFence returns the fence a line opens, or "". A backtick fence's info string holds no
// backtick: "```a``` fixes #1" is a line with a code span, not a fence.
func openFence(line string) string {
	m := fenceOpen.FindStringSubmatch(line)
	if m == nil || (m[1][0] == '`' && strings.Contains(m[2], "`")) {
		return ""
	}
	return m[1]
}

// closesFence: a closing fence uses the opening's character, at least as many times, and
// nothing else but spaces.
func closesFence(line, open string) bool {
	t := strings.TrimSpace(line)
	return len(line)-len(strings.TrimLeft(line, " ")) <= 3 && len(t) >= len(open) &&
		strings.Trim(t, open[:1]) == ""
}

func indented(line string) bool {
	return strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t")
}

// withoutCodeSpans blanks the code spans of each paragraph; a span may run over line breaks.
func withoutCodeSpans(text string) string {
	var b strings.Builder
	last := 0
	for _, loc := range blankLine.FindAllStringIndex(text, -1) {
		b.WriteString(spanFree(text[last:loc[0]]))
		b.WriteString(text[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(spanFree(text[last:]))
	return b.String()
}

// spanFree blanks code spans in one paragraph: a run of backticks up to the next run of
// exactly as many. A run that is never closed is literal text, as in CommonMark.
func spanFree(para string) string {
	var b strings.Builder
	for i := 0; i < len(para); {
		if para[i] != '`' {
			b.WriteByte(para[i])
			i++
			continue
		}
		n := backticks(para[i:])
		end := closingRun(para, i+n, n)
		if end < 0 {
			b.WriteString(para[i : i+n])
			i += n
			continue
		}
		b.WriteByte(' ')
		i = end + n
	}
	return b.String()
}

func backticks(s string) int {
	n := 0
	for n < len(s) && s[n] == '`' {
		n++
	}
	return n
}

// closingRun finds the next run of exactly n backticks at or after from, or -1.
func closingRun(s string, from, n int) int {
	for i := from; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		m := backticks(s[i:])
		if m == n {
			return i
		}
		i += m
	}
	return -1
}
