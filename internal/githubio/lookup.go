package githubio

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/refs"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// openPulls reads every page of a repository's open pull requests. Every caller asks with the
// same parameters, so each page is the same request each time and an HTTP cache that
// revalidates with ETags turns an unchanged page into a 304, which costs no rate limit.
func openPulls(ctx context.Context, client *github.Client, owner, repo string) ([]*github.PullRequest, error) {
	return listAll("list open pull requests of "+owner+"/"+repo, func(o *github.ListOptions) ([]*github.PullRequest, *github.Response, error) {
		return client.PullRequests.List(ctx, owner, repo, &github.PullRequestListOptions{State: "open", ListOptions: *o})
	})
}

// IssueLinks is what a look for the open pull requests linking an issue found, within its
// limit.
type IssueLinks struct {
	// Pulls link the issue: at most the limit, those linking it in their description first.
	Pulls []int
	// Left link the issue too, beyond the limit.
	Left []int
	// NotChecked counts the open pull requests whose commit messages were not read: each read
	// costs a call, so once the limit is reached the rest are not looked at.
	NotChecked int
}

// OpenPullsLinkingIssue finds the open pull requests that link the issue with a closing
// keyword, in the description or in a commit message, as the traceability rule reads them:
// those whose traceability may change when the issue's labels do. A description link is seen
// in the list itself; a PR without one costs a read of its commits. limit bounds both the PRs
// returned and the commit reads, so one issue event costs a bounded number of calls whatever
// the number of open PRs; what it leaves is counted in the answer.
func OpenPullsLinkingIssue(ctx context.Context, client *github.Client, owner, repo string, issue, limit int) (IssueLinks, error) {
	pulls, err := openPulls(ctx, client, owner, repo)
	if err != nil {
		return IssueLinks{}, err
	}
	target := snapshot.IssueRef{Owner: owner, Repo: repo, Number: issue}
	var found IssueLinks
	var undescribed []*github.PullRequest
	for _, p := range pulls {
		// The description comes first: when it alone fills the cap, no commit's link is read.
		inBody := refs.LinkedIssues(p, nil, owner, repo)
		switch {
		case !links(inBody, target):
			if len(inBody) < refs.MaxLinkedIssues {
				undescribed = append(undescribed, p)
			}
		case len(found.Pulls) < limit:
			found.Pulls = append(found.Pulls, p.GetNumber())
		default:
			found.Left = append(found.Left, p.GetNumber())
		}
	}
	for i, p := range undescribed {
		if len(found.Pulls) >= limit || i >= limit {
			found.NotChecked = len(undescribed) - i
			break
		}
		commits, err := listAll(fmt.Sprintf("list commits of %s/%s#%d", owner, repo, p.GetNumber()), func(o *github.ListOptions) ([]*github.RepositoryCommit, *github.Response, error) {
			return client.PullRequests.ListCommits(ctx, owner, repo, p.GetNumber(), o)
		})
		if err != nil {
			return IssueLinks{}, err
		}
		if links(refs.LinkedIssues(p, commits, owner, repo), target) {
			found.Pulls = append(found.Pulls, p.GetNumber())
		}
	}
	return found, nil
}

// links reports whether target is among the linked issues the bot reads (the first
// refs.MaxLinkedIssues); GitHub names are case-insensitive.
func links(linked []snapshot.IssueRef, target snapshot.IssueRef) bool {
	for _, r := range linked[:min(len(linked), refs.MaxLinkedIssues)] {
		if r.Number == target.Number && strings.EqualFold(r.Owner, target.Owner) && strings.EqualFold(r.Repo, target.Repo) {
			return true
		}
	}
	return false
}

func numbers(pulls []*github.PullRequest) []int {
	out := make([]int, len(pulls))
	for i, p := range pulls {
		out[i] = p.GetNumber()
	}
	return out
}
