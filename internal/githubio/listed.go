package githubio

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// GitHub's caps on a pull request's lists: its files list at most 3000, its commits 250.
const (
	listedFilesCap   = 3000
	listedCommitsCap = 250
)

// FetchListed is Fetch for a pull request a list already gave (the release record's closed
// pull requests), without reading it again: a call saved for each. A list gives GitHub's
// short form, without the counts of changed files and commits that tell the rules whether
// the lists of files and commits are whole; a list shorter than GitHub's cap is whole, so the
// count is its length. When a list reaches the cap the pull request is read after all: the
// count must come from GitHub, or a change of more files or commits than GitHub lists could
// pass unseen.
func (r *Reader) FetchListed(ctx context.Context, client *github.Client, owner, repo string, listed *github.PullRequest) (*snapshot.Snapshot, error) {
	pull := *listed // the counts set below are this snapshot's, not the list's
	s, err := r.read(ctx, client, owner, repo, &pull)
	if err != nil {
		return nil, err
	}
	if pull.ChangedFiles != nil && pull.Commits != nil {
		return s, nil // the full form after all
	}
	if len(s.Files) < listedFilesCap && len(s.Commits) < listedCommitsCap {
		pull.ChangedFiles, pull.Commits = github.Int(len(s.Files)), github.Int(len(s.Commits))
		return s, nil
	}
	if s.Pull, _, err = client.PullRequests.Get(ctx, owner, repo, pull.GetNumber()); err != nil {
		return nil, fmt.Errorf("get pull request %s/%s#%d: %w", owner, repo, pull.GetNumber(), err)
	}
	return s, nil
}
