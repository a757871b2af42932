package problem

import (
	"fmt"
	"strings"
)

// CommandWord starts a comment that asks the bot to file a problem report.
const CommandWord = "/problem-report"

// maxTitle keeps a title within GitHub's limit and a reader's patience.
const maxTitle = 200

// ParseCommand reads a /problem-report comment: the rest of the command's line is the title,
// the rest of the comment the description. ok is false when the comment is no command (the
// word must open the comment's first non-blank line, as it does for every bot command).
func ParseCommand(body, where string) (title, description string, ok bool) {
	body = strings.TrimLeft(strings.ReplaceAll(body, "\r\n", "\n"), " \t\n")
	first, rest, _ := strings.Cut(body, "\n")
	args, found := strings.CutPrefix(strings.TrimSpace(first), CommandWord)
	if !found || (args != "" && args[0] != ' ' && args[0] != '\t') {
		return "", "", false
	}
	title = strings.TrimSpace(args)
	if title == "" {
		title = fmt.Sprintf("Problem reported on %s", where)
	}
	if len(title) > maxTitle {
		title = title[:maxTitle]
	}
	return title, strings.TrimSpace(rest), true
}
