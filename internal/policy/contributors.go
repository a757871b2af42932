package policy

import (
	"regexp"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// contributors knows who wrote the pull request's commits: authors, committers and
// Co-authored-by co-authors. A reviewer among them is not independent (5.5).
type contributors struct {
	byLogin map[string]Contribution // lower-case login -> how they took part
	// byName holds people with no known GitHub login (an unlinked commit email, a trailer):
	// lower-case name and email local part -> how, matched against reviewers' logins.
	byName map[string]Contribution
	// unlinked says which commits have an author or committer with no GitHub account, so an
	// auditor sees where independence rests on names and emails alone.
	unlinked []Identity
}

var (
	coAuthorTrailer = regexp.MustCompile(`(?im)^co-authored-by:\s*(.*?)\s*<([^>]+)>\s*$`)
	noreplyEmail    = regexp.MustCompile(`(?i)^(?:\d+\+)?([a-z0-9-]+(?:\[bot\])?)@users\.noreply\.github\.com$`)
)

// GitHub commits on behalf of people using its web UI, as web-flow / noreply@github.com;
// that committer is never a person who could review.
const (
	webFlow      = "web-flow"
	webFlowEmail = "noreply@github.com"
)

func contributorsOf(s *snapshot.Snapshot) contributors {
	c := contributors{byLogin: map[string]Contribution{}, byName: map[string]Contribution{}}
	emails := map[string]string{} // lower-case email -> login, learnt from the commits themselves
	for _, rc := range s.Commits {
		learnEmail(emails, rc.GetAuthor().GetLogin(), rc.GetCommit().GetAuthor())
		learnEmail(emails, rc.GetCommitter().GetLogin(), rc.GetCommit().GetCommitter())
	}
	for _, rc := range s.Commits {
		sha := rc.GetSHA()
		c.addCommitter(rc.GetAuthor().GetLogin(), rc.GetCommit().GetAuthor(), Contribution{Role: "author", Commit: sha}, emails)
		c.addCommitter(rc.GetCommitter().GetLogin(), rc.GetCommit().GetCommitter(), Contribution{Role: "committer", Commit: sha}, emails)
		for _, m := range coAuthorTrailer.FindAllStringSubmatch(rc.GetCommit().GetMessage(), -1) {
			c.addPerson(m[1], m[2], Contribution{Role: "co-author", Commit: sha}, emails)
		}
	}
	return c
}

// learnEmail remembers which login GitHub linked an email to, so a co-author trailer or an
// unlinked commit with the same email is known by login.
func learnEmail(emails map[string]string, login string, who *github.CommitAuthor) {
	if login != "" && login != webFlow {
		emails[strings.ToLower(who.GetEmail())] = login
	}
}

// addCommitter records a commit's author or committer: by login when GitHub linked the email
// to an account, else by name and email, noting that the identity is unverified.
func (c *contributors) addCommitter(login string, who *github.CommitAuthor, why Contribution, emails map[string]string) {
	switch {
	case login == webFlow || (login == "" && strings.EqualFold(who.GetEmail(), webFlowEmail)):
	case login != "":
		c.add(login, why)
	case who.GetName() != "" || who.GetEmail() != "":
		if !c.addPerson(who.GetName(), who.GetEmail(), why, emails) {
			c.unlinked = append(c.unlinked, Identity{Contribution: why, Name: who.GetName(), Email: who.GetEmail()})
		}
	}
}

// addPerson records someone known by name and email; it reports whether a login was found
// for them (the email is linked elsewhere in the PR, or is a GitHub noreply address).
// Otherwise the name and the email's local part are matched against reviewers' logins: a
// false match only makes a review count as not independent, so the rule fails closed.
func (c *contributors) addPerson(name, email string, why Contribution, emails map[string]string) bool {
	email = strings.ToLower(email)
	if login, ok := emails[email]; ok {
		c.add(login, why)
		return true
	}
	if m := noreplyEmail.FindStringSubmatch(email); m != nil {
		c.add(m[1], why)
		return true
	}
	for _, key := range []string{strings.ToLower(name), strings.SplitN(email, "@", 2)[0]} {
		if _, seen := c.byName[key]; key != "" && !seen {
			c.byName[key] = why
		}
	}
	return false
}

func (c *contributors) add(login string, why Contribution) {
	key := strings.ToLower(login)
	if _, seen := c.byLogin[key]; !seen {
		c.byLogin[key] = why
	}
}

// of returns how login contributed to the pull request's commits, or nil when it did not.
func (c *contributors) of(login string) *Contribution {
	key := strings.ToLower(login)
	if why, ok := c.byLogin[key]; ok {
		return &why
	}
	if why, ok := c.byName[key]; ok {
		return &why
	}
	return nil
}
