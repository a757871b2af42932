package catalogue

import (
	"regexp"
	"strings"
)

// FromMarkdown reads requirements from Markdown files, in path order: each heading that starts
// with an ID defines it, titled by the rest of the heading. Headings are ATX headings
// ("## REQ-12: Dose limit") and setext headings (a paragraph underlined with === or ---).
// Headings in fenced code blocks are examples, and those in HTML comments and other HTML blocks
// are hidden: neither defines anything.
func FromMarkdown(pattern *regexp.Regexp, files map[string][]byte) *Defined {
	return fromFiles(files, func(d *Defined, path string, content []byte) {
		for _, text := range headings(string(content)) {
			if id, title, ok := leadingID(pattern, text); ok {
				d.add(Requirement{ID: id, Title: title, Source: path})
			}
		}
	})
}

// headings lists the text of a Markdown document's headings outside fenced code blocks, in
// document order.
func headings(doc string) []string {
	var s headingScanner
	for _, line := range strings.Split(doc, "\n") {
		s.line(strings.TrimRight(line, "\r"))
	}
	return s.found
}

// headingScanner follows a document's blocks line by line, as far as headings need: fenced
// code, and the open paragraph, whose lines become a setext heading when an underline follows.
// Where CommonMark's reading takes more than that (lists, block quotes, HTML), the scanner
// reads no heading: a requirement missed fails closed, one made up would count.
type headingScanner struct {
	found     []string
	paragraph []string
	fence     string // the opening fence while inside a fenced block
	html      string // what ends the HTML block (a comment, say) the scanner is inside
}

func (s *headingScanner) line(line string) {
	trimmed := strings.TrimSpace(line)
	open := len(s.paragraph) > 0
	switch {
	case s.fence != "":
		if closesFence(line, s.fence) {
			s.fence = ""
		}
		return
	case s.html != "":
		if endsHTML(trimmed, s.html) {
			s.html = ""
		}
		return
	case open && setextUnderline(line):
		// Before the thematic break: "Title\n---" is a heading, not a paragraph and a rule.
		s.found = append(s.found, strings.Join(s.paragraph, "\n"))
	case open && indent(line) >= 4:
		s.paragraph = append(s.paragraph, trimmed) // an indented line continues a paragraph
		return
	case indent(line) >= 4:
		// Indented code.
	case fenceOf(trimmed) != "":
		s.fence = fenceOf(trimmed)
	case strings.HasPrefix(trimmed, "<"):
		// A requirement commented out (retired, or a draft) is hidden on GitHub: it defines nothing.
		if end := htmlBlockEnd(trimmed); !endsHTML(trimmed[1:], end) {
			s.html = end
		}
	default:
		if text, ok := headingText(line); ok {
			s.found = append(s.found, text)
		} else if startsParagraphLine(trimmed) {
			s.paragraph = append(s.paragraph, trimmed)
			return
		}
	}
	s.paragraph = nil
}

// startsParagraphLine: a line (at most three spaces in) that is paragraph text, not a blank
// line, thematic break, block quote or list item.
func startsParagraphLine(trimmed string) bool {
	return trimmed != "" && !thematicBreak(trimmed) && !listItem(trimmed) && !strings.HasPrefix(trimmed, ">")
}

// blankLineEnds marks an HTML block that a blank line ends.
const blankLineEnds = "\n"

// htmlBlockEnd is what ends the HTML block a line opens, by CommonMark's start conditions:
// the end of a comment, of a <pre>, <script>, <style> or <textarea> element, of a processing
// instruction, CDATA or declaration; any other tag's block ends at a blank line.
func htmlBlockEnd(trimmed string) string {
	lower := strings.ToLower(trimmed)
	for _, tag := range []string{"pre", "script", "style", "textarea"} {
		if rest, ok := strings.CutPrefix(lower, "<"+tag); ok && (rest == "" || strings.ContainsRune(" \t>", rune(rest[0]))) {
			return "</" + tag + ">"
		}
	}
	for _, b := range []struct{ open, end string }{{"<!--", "-->"}, {"<?", "?>"}, {"<![cdata[", "]]>"}, {"<!", ">"}} {
		if strings.HasPrefix(lower, b.open) {
			return b.end
		}
	}
	return blankLineEnds
}

// endsHTML: the line ends the HTML block that end closes.
func endsHTML(trimmed, end string) bool {
	if end == blankLineEnds {
		return trimmed == ""
	}
	return strings.Contains(strings.ToLower(trimmed), end)
}

// setextUnderline: at most three spaces in, a run of = or of - and nothing else but trailing
// white space ("- - -" is a thematic break, not an underline).
func setextUnderline(line string) bool {
	t := strings.TrimSpace(line)
	return indent(line) < 4 && t != "" && (strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "")
}

// thematicBreak: three or more of one of - * _, with only spaces or tabs between them.
func thematicBreak(trimmed string) bool {
	if trimmed == "" || !strings.ContainsRune("-*_", rune(trimmed[0])) {
		return false
	}
	marks := strings.Count(trimmed, trimmed[:1])
	return marks >= 3 && strings.Trim(trimmed, trimmed[:1]+" \t") == ""
}

// listItem: a bullet (- + *) or a number of up to nine digits with . or ), then white space or
// the end of the line.
func listItem(trimmed string) bool {
	rest := trimmed
	switch {
	case rest == "":
		return false
	case strings.ContainsRune("-+*", rune(rest[0])):
		rest = rest[1:]
	default:
		digits := len(rest) - len(strings.TrimLeft(rest, "0123456789"))
		if digits == 0 || digits > 9 || digits == len(rest) || (rest[digits] != '.' && rest[digits] != ')') {
			return false
		}
		rest = rest[digits+1:]
	}
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

// indent is a line's indentation in columns, a tab reaching the next multiple of four.
func indent(line string) int {
	n := 0
	for _, c := range line {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n
		}
	}
	return n
}

// fenceOf is the fence a line opens ("```", "~~~~"), or "".
func fenceOf(line string) string {
	for _, c := range []string{"`", "~"} {
		n := len(line) - len(strings.TrimLeft(line, c))
		if n >= 3 {
			return strings.Repeat(c, n)
		}
	}
	return ""
}

// closesFence: a closing fence is at most three spaces in, uses the opening's character at
// least as many times, and nothing else but white space.
func closesFence(line, open string) bool {
	t := strings.TrimSpace(line)
	return indent(line) < 4 && strings.HasPrefix(t, open) && strings.Trim(t, open[:1]) == ""
}

// headingText is the text of an ATX heading: one to six #, a space, the text, optional
// closing #s. CommonMark allows up to three spaces of indentation.
func headingText(line string) (string, bool) {
	rest := strings.TrimLeft(line, " ")
	if len(line)-len(rest) > 3 {
		return "", false
	}
	level := len(rest) - len(strings.TrimLeft(rest, "#"))
	if level < 1 || level > 6 {
		return "", false
	}
	rest = rest[level:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if closed := strings.TrimRight(rest, "#"); closed == "" || strings.HasSuffix(closed, " ") {
		rest = strings.TrimSpace(closed)
	}
	return rest, true
}
