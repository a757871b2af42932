package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
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
	return handleTargeted(ctx, h, h.Evaluator, eventType, payload)
}

// CoalesceKey implements Coalescing.
func (h *PullRequest) CoalesceKey(eventType string, payload []byte) string {
	return coalesceTargeted(h, eventType, payload)
}

func (h *PullRequest) target(eventType string, payload []byte) (evaluation.Target, string, error) {
	var event github.PullRequestEvent
	if err := decode(eventType, payload, &event); err != nil {
		return evaluation.Target{}, "", err
	}
	return targetIf(pullRequestActions, event.GetAction(), event.GetInstallation(), event.GetRepo(), event.GetNumber())
}

var (
	_ githubapp.EventHandler = &PullRequest{}
	_ Coalescing             = &PullRequest{}
)
