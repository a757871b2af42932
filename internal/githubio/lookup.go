package githubio

import (
	"context"

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

// OpenPullsLinkingIssue returns the numbers of the open pull requests whose description links
// the issue with a closing keyword: those whose traceability may change when the issue's labels do.
func OpenPullsLinkingIssue(ctx context.Context, client *github.Client, owner, repo string, issue int) ([]int, error) {
	pulls, err := listAll("list open pull requests of "+owner+"/"+repo, func(o *github.ListOptions) ([]*github.PullRequest, *github.Response, error) {
		return client.PullRequests.List(ctx, owner, repo, &github.PullRequestListOptions{State: "open", ListOptions: *o})
	})
	target := snapshot.IssueRef{Owner: owner, Repo: repo, Number: issue}
	return numbers(pulls, func(p *github.PullRequest) bool {
		for _, ref := range refs.ClosingRefs(p.GetBody(), owner, repo) {
			if ref == target {
				return true
			}
		}
		return false
	}), err
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
