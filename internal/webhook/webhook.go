// Package webhook holds one handler per GitHub event the app reacts to. A handler takes the
// delivery as the worker decoded it, filters the action, and asks for pull requests to be
// evaluated; every evaluation reads fresh state, so redelivered, reordered or concurrent
// deliveries converge on the same final answer.
package webhook

import (
	"context"
	"errors"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

// Evaluator brings one pull request's check run and comment up to date.
type Evaluator interface {
	Evaluate(ctx context.Context, t evaluation.Target) error
}

// PullFinder finds the open pull requests an event about a commit or an issue concerns.
type PullFinder interface {
	OpenPullsForCommit(ctx context.Context, installationID int64, owner, repo, sha string) ([]int, error)
	OpenPullsLinkingIssue(ctx context.Context, installationID int64, owner, repo string, issue, limit int) (githubio.IssueLinks, error)
}

// evaluateAll evaluates each pull request of a repository; it tries every one and returns all
// failures together, so one bad PR never hides the others.
func evaluateAll(ctx context.Context, ev Evaluator, installationID int64, repo *github.Repository, numbers []int) error {
	var errs []error
	for _, n := range numbers {
		t := evaluation.Target{InstallationID: installationID, Owner: repo.GetOwner().GetLogin(), Repo: repo.GetName(), Number: n}
		if err := ev.Evaluate(ctx, t); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func ignore(ctx context.Context, eventType, action string) error {
	zerolog.Ctx(ctx).Debug().Str("action", action).Msgf("ignoring %s action", eventType)
	return nil
}

func actionSet(actions ...string) map[string]bool {
	set := make(map[string]bool, len(actions))
	for _, a := range actions {
		set[a] = true
	}
	return set
}
