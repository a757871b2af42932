package githubio

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"
)

// What the reconciler reads. Each read asks with the same parameters every time (and the
// evaluation's own reads ask the same), so the shared cache turns an unchanged answer into a
// 304, which costs no rate limit.

// Installations lists the app's installations; client is the app's own (JWT) client.
func Installations(ctx context.Context, client *github.Client) ([]*github.Installation, error) {
	return listAll("list the app's installations", func(o *github.ListOptions) ([]*github.Installation, *github.Response, error) {
		return client.Apps.ListInstallations(ctx, o)
	})
}

// InstallationRepos lists the repositories the installation whose client this is may read.
func InstallationRepos(ctx context.Context, client *github.Client) ([]*github.Repository, error) {
	return listAll("list the installation's repositories", func(o *github.ListOptions) ([]*github.Repository, *github.Response, error) {
		page, resp, err := client.Apps.ListRepos(ctx, o)
		if err != nil {
			return nil, resp, err
		}
		return page.Repositories, resp, nil
	})
}

// OpenPulls lists every open pull request of a repository.
func OpenPulls(ctx context.Context, client *github.Client, owner, repo string) ([]*github.PullRequest, error) {
	return openPulls(ctx, client, owner, repo)
}

// HeadCheckRuns lists every check run on a commit, every app's and every attempt.
func HeadCheckRuns(ctx context.Context, client *github.Client, owner, repo, sha string) ([]*github.CheckRun, error) {
	runs := []*github.CheckRun{}
	opts := &github.ListCheckRunsOptions{Filter: github.String("all"), ListOptions: github.ListOptions{PerPage: perPage}}
	for {
		page, resp, err := client.Checks.ListCheckRunsForRef(ctx, owner, repo, sha, opts)
		if err != nil {
			return nil, fmt.Errorf("list check runs of %s/%s@%s: %w", owner, repo, sha, err)
		}
		runs = append(runs, page.CheckRuns...)
		if resp.NextPage == 0 {
			return runs, nil
		}
		opts.Page = resp.NextPage
	}
}
