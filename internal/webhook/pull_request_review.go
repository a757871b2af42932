package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
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
	return handleTargeted(ctx, h, h.Evaluator, eventType, payload)
}

// CoalesceKey implements Coalescing.
func (h *PullRequestReview) CoalesceKey(eventType string, payload []byte) string {
	return coalesceTargeted(h, eventType, payload)
}

func (h *PullRequestReview) target(eventType string, payload []byte) (evaluation.Target, string, error) {
	var event github.PullRequestReviewEvent
	if err := decode(eventType, payload, &event); err != nil {
		return evaluation.Target{}, "", err
	}
	return targetIf(reviewActions, event.GetAction(), event.GetInstallation(), event.GetRepo(), event.GetPullRequest().GetNumber())
}

var (
	_ githubapp.EventHandler = &PullRequestReview{}
	_ Coalescing             = &PullRequestReview{}
)
