package githubio

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/refs"
)

// OpenPullsForCommit returns the numbers of the open pull requests whose head is sha. Webhooks
// about checks carry the pull requests only for branches of the same repository, so a fork's PR
// is found here.
func OpenPullsForCommit(ctx context.Context, client *github.Client, owner, repo, sha string) ([]int, error) {
	var numbers []int
	opts := &github.ListOptions{PerPage: 100}
	for {
		pulls, resp, err := client.PullRequests.ListPullRequestsWithCommit(ctx, owner, repo, sha, opts)
		if err != nil {
			return nil, fmt.Errorf("list pull requests of %s/%s@%s: %w", owner, repo, sha, err)
		}
		for _, p := range pulls {
			if p.GetState() == "open" && p.GetHead().GetSHA() == sha {
				numbers = append(numbers, p.GetNumber())
			}
		}
		if resp.NextPage == 0 {
			return numbers, nil
		}
		opts.Page = resp.NextPage
	}
}

// OpenPullsLinkingIssue returns the numbers of the open pull requests whose description links
// the issue with a closing keyword: those whose traceability may change when the issue's labels do.
func OpenPullsLinkingIssue(ctx context.Context, client *github.Client, owner, repo string, issue int) ([]int, error) {
	var numbers []int
	opts := &github.PullRequestListOptions{State: "open", ListOptions: github.ListOptions{PerPage: 100}}
	for {
		pulls, resp, err := client.PullRequests.List(ctx, owner, repo, opts)
		if err != nil {
			return nil, fmt.Errorf("list open pull requests of %s/%s: %w", owner, repo, err)
		}
		for _, p := range pulls {
			if links(p.GetBody(), owner, repo, issue) {
				numbers = append(numbers, p.GetNumber())
			}
		}
		if resp.NextPage == 0 {
			return numbers, nil
		}
		opts.Page = resp.NextPage
	}
}

func links(body, owner, repo string, issue int) bool {
	for _, ref := range refs.ClosingRefs(body, owner, repo) {
		if ref.Owner == owner && ref.Repo == repo && ref.Number == issue {
			return true
		}
	}
	return false
}
