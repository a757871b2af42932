// Package refs extracts references from pull-request text: issues linked with GitHub's closing
// keywords, and IDs such as REQ-123 or RISK-42. Pure text work, shared by the policy engine
// and the GitHub fetcher (which must know which issues to read).
package refs

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// closing matches GitHub's closing keywords followed by an issue reference: #12,
// owner/repo#12, or a full issue URL. GitHub recognises the keyword case-insensitively, with an
// optional colon, at a word boundary.
var closing = regexp.MustCompile(`(?i)(?:^|[^\w/])(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?[ \t]+` +
	`(?:https?://github\.com/([\w.-]+)/([\w.-]+)/issues/(\d+)|(?:([\w.-]+)/([\w.-]+))?#(\d+))\b`)

// ClosingRefs finds the issues text links with closing keywords ("Fixes #12", "closes
// acme/pump#3", "Resolves https://github.com/acme/pump/issues/4"). Same-repository references
// resolve to owner/repo, as does one naming owner/repo in another case (GitHub's names ignore
// case). Only rendered prose counts: code and HTML comments link nothing on GitHub. The result
// has no duplicates (in any case) and keeps the order and spelling of first appearance.
func ClosingRefs(text, owner, repo string) []snapshot.IssueRef {
	var set issueSet
	for _, m := range closing.FindAllStringSubmatch(prose(text), -1) {
		if ref, ok := toRef(m, owner, repo); ok {
			set.add(ref)
		}
	}
	return set.list
}

// Same reports whether a and b name the same issue: GitHub's owner and repository names
// ignore case, so "Acme/Pump#3" and "acme/pump#3" are one issue.
func Same(a, b snapshot.IssueRef) bool {
	return key(a) == key(b)
}

// Issue finds ref's issue in issues, whose keys may spell owner and repository in another
// case (a snapshot on disk names them by its folders).
func Issue(issues map[snapshot.IssueRef]*github.Issue, ref snapshot.IssueRef) (*github.Issue, bool) {
	if issue, ok := issues[ref]; ok {
		return issue, true
	}
	for r, issue := range issues {
		if Same(r, ref) {
			return issue, true
		}
	}
	return nil, false
}

func key(r snapshot.IssueRef) snapshot.IssueRef {
	return snapshot.IssueRef{Owner: strings.ToLower(r.Owner), Repo: strings.ToLower(r.Repo), Number: r.Number}
}

// issueSet keeps the first spelling of each distinct issue, in order of appearance.
type issueSet struct {
	seen map[snapshot.IssueRef]bool
	list []snapshot.IssueRef
}

func (s *issueSet) add(ref snapshot.IssueRef) {
	if s.seen == nil {
		s.seen = map[snapshot.IssueRef]bool{}
	}
	if k := key(ref); !s.seen[k] {
		s.seen[k] = true
		s.list = append(s.list, ref)
	}
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
	if err != nil || n <= 0 || !validName(ref.Owner) || !validName(ref.Repo) {
		return snapshot.IssueRef{}, false
	}
	if strings.EqualFold(ref.Owner, owner) && strings.EqualFold(ref.Repo, repo) {
		ref.Owner, ref.Repo = owner, repo
	}
	ref.Number = n
	return ref, true
}

// validName reports whether GitHub could name an owner or repository so. The pattern already
// allows only [A-Za-z0-9_.-]; "." and ".." are never names, and in a request path they would
// climb out of /repos/{owner}/{repo} ("Fixes ../..#7" would read /issues/7 with the app's
// token).
func validName(s string) bool {
	return s != "" && s != "." && s != ".."
}

// IDs returns the distinct matches of pattern in text, in order of appearance. HTML comments
// are skipped (a template's "<!-- e.g. REQ-42 -->" is no trace); an ID in code is still text a
// reviewer reads, so it counts. Code differs from ClosingRefs on purpose: there the question is
// what GitHub links, and GitHub links nothing in code; an ID is the bot's own convention, often
// written as `REQ-12` and found in titles and branch names that are not Markdown at all.
func IDs(pattern *regexp.Regexp, text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range pattern.FindAllString(invisible(text), -1) {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
