// Package refs extracts references from pull-request text: issues linked with GitHub's closing
// keywords, and IDs such as REQ-123 or RISK-42. Pure text work, shared by the policy engine
// and the GitHub fetcher (which must know which issues to read).
package refs

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// closing matches GitHub's closing keywords followed by an issue reference: #12,
// owner/repo#12, or a full issue URL. GitHub recognises the keyword case-insensitively, with an
// optional colon, at a word boundary.
var closing = regexp.MustCompile(`(?i)(?:^|[^\w/])(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?[ \t]+` +
	`(?:https?://github\.com/([\w.-]+)/([\w.-]+)/issues/(\d+)|(?:([\w.-]+)/([\w.-]+))?#(\d+))\b`)

// code matches fenced code blocks and inline code spans, where GitHub links nothing.
var code = regexp.MustCompile("(?s)```.*?(?:```|$)|`[^`\n]*`")

// ClosingRefs finds the issues text links with closing keywords ("Fixes #12", "closes
// acme/pump#3", "Resolves https://github.com/acme/pump/issues/4"). Same-repository references
// resolve to owner/repo. The result has no duplicates and keeps the order of appearance.
func ClosingRefs(text, owner, repo string) []snapshot.IssueRef {
	text = code.ReplaceAllString(text, " ")
	var out []snapshot.IssueRef
	seen := map[snapshot.IssueRef]bool{}
	for _, m := range closing.FindAllStringSubmatch(text, -1) {
		ref, ok := toRef(m, owner, repo)
		if ok && !seen[ref] {
			seen[ref] = true
			out = append(out, ref)
		}
	}
	return out
}

func toRef(m []string, owner, repo string) (snapshot.IssueRef, bool) {
	ref := snapshot.IssueRef{Owner: owner, Repo: repo}
	number := m[6]
	switch {
	case m[3] != "":
		ref.Owner, ref.Repo, number = m[1], m[2], m[3]
	case m[4] != "":
		ref.Owner, ref.Repo = m[4], m[5]
	}
	n, err := strconv.Atoi(number)
	if err != nil || n <= 0 || ref.Owner == "" || ref.Repo == "" {
		return snapshot.IssueRef{}, false
	}
	ref.Number = n
	return ref, true
}

// IDs returns the distinct matches of pattern in text, in order of appearance.
func IDs(pattern *regexp.Regexp, text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range pattern.FindAllString(text, -1) {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
