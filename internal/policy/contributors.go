package policy

import (
	"regexp"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// contributors knows who wrote the pull request's commits: authors, committers and
// Co-authored-by co-authors. A reviewer among them is not independent (5.5).
type contributors struct {
	byLogin map[string]string // lower-case login -> why ("co-author of 3f2a1b0")
	names   map[string]string // lower-case co-author name or email local part -> why, for trailers with no known login
}

var (
	coAuthorTrailer = regexp.MustCompile(`(?im)^co-authored-by:\s*(.*?)\s*<([^>]+)>\s*$`)
	noreplyEmail    = regexp.MustCompile(`(?i)^(?:\d+\+)?([a-z0-9-]+(?:\[bot\])?)@users\.noreply\.github\.com$`)
)

// webFlow commits on behalf of people using GitHub's web UI; it is never a reviewer.
const webFlow = "web-flow"

func contributorsOf(s *snapshot.Snapshot) contributors {
	c := contributors{byLogin: map[string]string{}, names: map[string]string{}}
	emails := map[string]string{} // lower-case email -> login, learnt from the commits themselves
	for _, rc := range s.Commits {
		sha := shortSHA(rc.GetSHA())
		if login := rc.GetAuthor().GetLogin(); login != "" {
			c.add(login, "author of "+sha)
			emails[strings.ToLower(rc.GetCommit().GetAuthor().GetEmail())] = login
		}
		if login := rc.GetCommitter().GetLogin(); login != "" && login != webFlow {
			c.add(login, "committer of "+sha)
			emails[strings.ToLower(rc.GetCommit().GetCommitter().GetEmail())] = login
		}
	}
	for _, rc := range s.Commits {
		sha := shortSHA(rc.GetSHA())
		for _, m := range coAuthorTrailer.FindAllStringSubmatch(rc.GetCommit().GetMessage(), -1) {
			name, email := m[1], strings.ToLower(m[2])
			switch login, ok := emails[email]; {
			case ok:
				c.add(login, "co-author of "+sha)
			case noreplyEmail.MatchString(email):
				c.add(noreplyEmail.FindStringSubmatch(email)[1], "co-author of "+sha)
			default:
				// No login is known for the email: match the trailer's name or the email's
				// local part against reviewers' logins. A false match only makes a review
				// count as not independent, so the rule fails closed.
				c.names[strings.ToLower(name)] = "co-author of " + sha
				c.names[strings.SplitN(email, "@", 2)[0]] = "co-author of " + sha
			}
		}
	}
	return c
}

func (c contributors) add(login, why string) {
	key := strings.ToLower(login)
	if _, seen := c.byLogin[key]; !seen {
		c.byLogin[key] = why
	}
}

// of returns why login contributed to the pull request's commits, or "" when it did not.
// A co-author trailer whose email maps to no login is matched by name against the login.
func (c contributors) of(login string) string {
	key := strings.ToLower(login)
	if why, ok := c.byLogin[key]; ok {
		return why
	}
	return c.names[key]
}
