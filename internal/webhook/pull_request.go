package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

var pullRequestActions = actionSet("opened", "reopened", "synchronize", "edited", "labeled", "unlabeled", "ready_for_review")

// PullRequest re-evaluates a pull request whenever its code, description, labels or draft state change.
type PullRequest struct {
	Evaluator Evaluator
}

// Handles implements githubapp.EventHandler.
func (h *PullRequest) Handles() []string { return []string{"pull_request"} }

// Handle implements githubapp.EventHandler.
func (h *PullRequest) Handle(ctx context.Context, eventType, _ string, payload []byte) error {
	var event github.PullRequestEvent
	if err := decode(eventType, payload, &event); err != nil {
		return err
	}
	if !pullRequestActions[event.GetAction()] {
		return ignore(ctx, eventType, event.GetAction())
	}
	return evaluateAll(ctx, h.Evaluator, event.GetInstallation().GetID(), event.GetRepo(), []int{event.GetNumber()})
}

var _ githubapp.EventHandler = &PullRequest{}
