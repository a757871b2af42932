package githubio

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/refs"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// OpenPullsForCommit returns the numbers of the open pull requests whose head is sha. Webhooks
// about checks carry the pull requests only for branches of the same repository, so a fork's PR
// is found here.
func OpenPullsForCommit(ctx context.Context, client *github.Client, owner, repo, sha string) ([]int, error) {
	pulls, err := listAll("list pull requests of "+owner+"/"+repo+"@"+sha, func(o *github.ListOptions) ([]*github.PullRequest, *github.Response, error) {
		return client.PullRequests.ListPullRequestsWithCommit(ctx, owner, repo, sha, o)
	})
	return numbers(pulls, func(p *github.PullRequest) bool { return p.GetState() == "open" && p.GetHead().GetSHA() == sha }), err
}

// OpenPullsLinkingIssue returns the numbers of the open pull requests that link the issue with
// a closing keyword, in the description or in a commit message, as the traceability rule reads
// them: those whose traceability may change when the issue's labels do. A description link is
// seen in the list itself; only PRs without one cost a read of their commits.
func OpenPullsLinkingIssue(ctx context.Context, client *github.Client, owner, repo string, issue int) ([]int, error) {
	where := owner + "/" + repo
	pulls, err := listAll("list open pull requests of "+where, func(o *github.ListOptions) ([]*github.PullRequest, *github.Response, error) {
		return client.PullRequests.List(ctx, owner, repo, &github.PullRequestListOptions{State: "open", ListOptions: *o})
	})
	if err != nil {
		return nil, err
	}
	target := snapshot.IssueRef{Owner: owner, Repo: repo, Number: issue}
	var out []int
	for _, p := range pulls {
		var commits []*github.RepositoryCommit
		if !links(refs.LinkedIssues(p, nil, owner, repo), target) {
			commits, err = listAll(fmt.Sprintf("list commits of %s#%d", where, p.GetNumber()), func(o *github.ListOptions) ([]*github.RepositoryCommit, *github.Response, error) {
				return client.PullRequests.ListCommits(ctx, owner, repo, p.GetNumber(), o)
			})
			if err != nil {
				return nil, err
			}
		}
		if links(refs.LinkedIssues(p, commits, owner, repo), target) {
			out = append(out, p.GetNumber())
		}
	}
	return out, nil
}

// links reports whether target is among the linked issues; GitHub names are case-insensitive.
func links(linked []snapshot.IssueRef, target snapshot.IssueRef) bool {
	for _, r := range linked {
		if r.Number == target.Number && strings.EqualFold(r.Owner, target.Owner) && strings.EqualFold(r.Repo, target.Repo) {
			return true
		}
	}
	return false
}

func numbers(pulls []*github.PullRequest, keep func(*github.PullRequest) bool) []int {
	var out []int
	for _, p := range pulls {
		if keep(p) {
			out = append(out, p.GetNumber())
		}
	}
	return out
}
