package evaluation

import (
	"context"
	"fmt"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

// OpenPullsForCommit finds the open pull requests whose head is sha, as the installation sees them.
func (s *Service) OpenPullsForCommit(ctx context.Context, installationID int64, owner, repo, sha string) ([]int, error) {
	var numbers []int
	err := s.withClient(ctx, installationID, func(c client) (err error) {
		numbers, err = s.openHeads.With(ctx, c, owner, repo, sha)
		return err
	})
	return numbers, err
}

// OpenPullsLinkingIssue finds the open pull requests that link an issue with a closing
// keyword, at most limit of them (see githubio.OpenPullsLinkingIssue).
func (s *Service) OpenPullsLinkingIssue(ctx context.Context, installationID int64, owner, repo string, issue, limit int) (githubio.IssueLinks, error) {
	var found githubio.IssueLinks
	err := s.withClient(ctx, installationID, func(c client) (err error) {
		found, err = githubio.OpenPullsLinkingIssue(ctx, c, owner, repo, issue, limit)
		return err
	})
	return found, err
}

// withClient runs a read with the installation's client; the work queue retries the delivery
// when it fails on a transient error.
func (s *Service) withClient(_ context.Context, installationID int64, read func(client) error) error {
	c, err := s.Clients.NewInstallationClient(installationID)
	if err != nil {
		return fmt.Errorf("create installation client: %w", err)
	}
	return read(c)
}
