package refs

import (
	"regexp"
	"strings"
)

// htmlComment matches an HTML comment, which GitHub does not render: pull request templates
// are full of them ("<!-- Fixes #123 -->", "<!-- e.g. REQ-42 -->"), and an example in a
// template must never count as a trace.
var htmlComment = regexp.MustCompile(`(?s)<!--.*?(?:-->|$)`)

// fenceOpen matches a fenced code block's opening line: up to three spaces, then three or more
// backticks or tildes.
var fenceOpen = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")

// invisible removes HTML comments, which a reader never sees.
func invisible(text string) string {
	return htmlComment.ReplaceAllString(text, " ")
}

// prose keeps only the text GitHub renders as prose, where it links issues: HTML comments,
// fenced and indented code blocks, and code spans are blanked out.
func prose(text string) string {
	lines := strings.Split(invisible(text), "\n")
	var fence string // the opening fence while inside a fenced block
	blankBefore := true
	for i, line := range lines {
		switch {
		case fence != "":
			if closesFence(line, fence) {
				fence = ""
			}
			lines[i] = ""
		case fenceOpen.MatchString(line):
			fence = fenceOpen.FindStringSubmatch(line)[1]
			lines[i] = ""
		case blankBefore && indentedCode(line):
			lines[i] = "" // an indented code block starts after a blank line and runs on
			continue
		default:
			lines[i] = withoutCodeSpans(line)
		}
		blankBefore = strings.TrimSpace(line) == ""
	}
	return strings.Join(lines, "\n")
}

// closesFence: a closing fence uses the opening's character, at least as many times, and
// nothing else but spaces.
func closesFence(line, open string) bool {
	t := strings.TrimSpace(line)
	return len(line)-len(strings.TrimLeft(line, " ")) <= 3 && len(t) >= len(open) &&
		strings.Trim(t, open[:1]) == ""
}

func indentedCode(line string) bool {
	return strings.TrimSpace(line) != "" && (strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t"))
}

// withoutCodeSpans blanks code spans: a run of backticks up to the next run of exactly as
// many. A run that is never closed is literal text, as in CommonMark.
func withoutCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := backticks(line[i:])
		end := closingRun(line, i+n, n)
		if end < 0 {
			b.WriteString(line[i : i+n])
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
func closingRun(line string, from, n int) int {
	for i := from; i < len(line); {
		if line[i] != '`' {
			i++
			continue
		}
		m := backticks(line[i:])
		if m == n {
			return i
		}
		i += m
	}
	return -1
}
