package catalogue

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"
)

// FromIssues reads requirements from issues: each issue with the label whose title starts
// with an ID defines that ID, titled by the rest of its title. Pull requests (which GitHub
// lists among issues) define nothing: a requirement is an issue, not a change.
func FromIssues(pattern *regexp.Regexp, label string, issues []*github.Issue) *Defined {
	d := &Defined{}
	for _, is := range issues {
		if is.IsPullRequest() || !labelled(is, label) {
			continue
		}
		source := "#" + strconv.Itoa(is.GetNumber())
		id, title, ok := leadingID(pattern, is.GetTitle())
		if !ok {
			d.problem(source, "the title does not start with a requirement ID matching %s", pattern)
			continue
		}
		d.add(Requirement{ID: id, Title: title, Source: source})
	}
	return d
}

func labelled(is *github.Issue, label string) bool {
	for _, l := range is.Labels {
		if strings.EqualFold(l.GetName(), label) {
			return true
		}
	}
	return false
}
