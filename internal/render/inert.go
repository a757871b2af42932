package render

import (
	"strings"
	"unicode"
)

// Everything the bot posts quotes text that anyone who can open a pull request controls: file
// names, titles, labels, logins, check and branch names, and the rule messages that embed them.
// GitHub turns such text into pings (@team), cross-references (#1, GH-1, issue URLs), links,
// images and HTML. The functions in this file are the only way such text reaches Markdown:
//
//   - code and codeInCell put a raw value in a code span no content can close, since the fence
//     is longer than any run of backticks inside it; nothing in a code span links or pings.
//   - inert and inertInCell take text that may already hold code spans (a rule's message): the
//     spans stay, and everything outside them is made literal.
//   - fenced puts lines in a code block no content can close.
//
// Entities do not help against pings (GitHub decodes &#64; before it links mentions), so a zero
// width joiner (U+200D) goes after every @ and before the digits of every reference instead.

const zwj = "\u200d"

// code is s as a code span in running text.
func code(s string) string { return codeSpan(s, false) }

// codeInCell is s as a code span inside a table cell, where GitHub splits cells at every
// unescaped pipe, even inside a code span.
func codeInCell(s string) string { return codeSpan(s, true) }

func codeSpan(s string, inCell bool) string {
	s = oneLine(s)
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	// CommonMark strips one space from each end of a span that starts and ends with one, and a
	// span may not touch its fence with a backtick; the padding covers both.
	pad := ""
	spaced := strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.Trim(s, " ") != ""
	if spaced || strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	if s == "" {
		s = " " // an empty span would be two literal backticks
	}
	if inCell {
		s = escapeCellPipes(s)
	}
	return fence + pad + s + pad + fence
}

// escapeCellPipes escapes the pipes of a code span in a table cell. GitHub unescapes \| in a
// cell before it reads the span, so the span shows a plain pipe. Every pipe ends up behind an
// odd number of backslashes, so a backslash already in the text cannot pair with the added one
// and split the cell.
func escapeCellPipes(s string) string {
	var b strings.Builder
	backslashes := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			backslashes++
		case '|':
			if backslashes%2 == 0 {
				b.WriteByte('\\')
			}
			backslashes = 0
		default:
			backslashes = 0
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// inert makes s literal in running text, keeping its code spans.
func inert(s string) string { return inertText(s, false) }

// inertInCell makes s literal inside a table cell, keeping its code spans.
func inertInCell(s string) string { return inertText(s, true) }

func inertText(s string, inCell bool) string {
	s = oneLine(s)
	var b strings.Builder
	for len(s) > 0 {
		start, end := nextCodeSpan(s)
		b.WriteString(literal(s[:start]))
		if start == len(s) {
			break
		}
		span := s[start:end]
		if inCell {
			span = escapeCellPipes(span)
		}
		b.WriteString(span)
		s = s[end:]
	}
	return b.String()
}

// nextCodeSpan finds the first code span of s as CommonMark reads it: a run of n backticks up
// to the next run of exactly n. It returns len(s), len(s) when there is none; an unmatched
// run is plain text.
func nextCodeSpan(s string) (start, end int) {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		n := runAt(s, i)
		for j := i + n; j < len(s); {
			if s[j] != '`' {
				j++
				continue
			}
			m := runAt(s, j)
			if m == n {
				return i, j + m
			}
			j += m
		}
		i += n
	}
	return len(s), len(s)
}

// literal makes text outside code spans show as written: every character Markdown could read
// as syntax is backslash-escaped, and pings, references and autolinks are broken with a zero
// width joiner.
func literal(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte("\\`*_[]<>!|~&", c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '#':
			b.WriteString(`\#`)
			if i+1 < len(s) && isDigit(s[i+1]) {
				b.WriteString(zwj)
			}
		case c == '@':
			b.WriteString("@" + zwj)
		case c == '-' && i >= 2 && strings.EqualFold(s[i-2:i], "gh") && i+1 < len(s) && isDigit(s[i+1]):
			b.WriteString("-" + zwj)
		case c == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteString(":" + zwj)
		case c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www"):
			b.WriteString(zwj + ".")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// fenced is lines as a code block.
func fenced(lines []string) string {
	body := strings.Join(lines, "\n")
	fence := strings.Repeat("`", max(3, longestRun(body, '`')+1))
	return fence + "\n" + body + "\n" + fence + "\n"
}

// oneLine keeps text on one line (a line break ends a table row, a blank line a paragraph)
// and drops control characters.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

func longestRun(s string, c byte) int {
	longest := 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n := runAt(s, i)
			longest = max(longest, n)
			i += n - 1
		}
	}
	return longest
}

func runAt(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] == s[i] {
		n++
	}
	return n
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
