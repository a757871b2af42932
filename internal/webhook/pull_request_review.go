package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

var reviewActions = actionSet("submitted", "edited", "dismissed")

// PullRequestReview re-evaluates a pull request when a review is submitted, edited or dismissed.
type PullRequestReview struct {
	Evaluator Evaluator
}

// Handles implements githubapp.EventHandler.
func (h *PullRequestReview) Handles() []string { return []string{"pull_request_review"} }

// Handle implements githubapp.EventHandler.
func (h *PullRequestReview) Handle(ctx context.Context, eventType, _ string, payload []byte) error {
	var event github.PullRequestReviewEvent
	if err := decode(eventType, payload, &event); err != nil {
		return err
	}
	if !reviewActions[event.GetAction()] {
		return ignore(ctx, eventType, event.GetAction())
	}
	number := event.GetPullRequest().GetNumber()
	return evaluateAll(ctx, h.Evaluator, event.GetInstallation().GetID(), event.GetRepo(), []int{number})
}

var _ githubapp.EventHandler = &PullRequestReview{}
