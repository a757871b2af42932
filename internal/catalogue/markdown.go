package catalogue

import (
	"regexp"
	"strings"
)

// FromMarkdown reads requirements from Markdown files, in path order: each ATX heading
// ("## REQ-12: Dose limit") that starts with an ID defines it, titled by the rest of the
// heading. Headings in fenced code blocks are examples, not definitions.
func FromMarkdown(pattern *regexp.Regexp, files map[string][]byte) *Defined {
	return fromFiles(files, func(d *Defined, path string, content []byte) {
		for _, text := range headings(string(content)) {
			if id, title, ok := leadingID(pattern, text); ok {
				d.add(Requirement{ID: id, Title: title, Source: path})
			}
		}
	})
}

// headings lists the text of a Markdown document's ATX headings outside fenced code blocks.
func headings(doc string) []string {
	var out []string
	fence := ""
	for _, line := range strings.Split(doc, "\n") {
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if f := fenceOf(trimmed); f != "" {
			fence = f
			continue
		}
		if text, ok := headingText(line); ok {
			out = append(out, text)
		}
	}
	return out
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
