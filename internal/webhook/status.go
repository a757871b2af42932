package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
)

// Status re-evaluates the open pull requests whose head is a commit when a commit status on
// it changed: CI that predates check runs (Jenkins, say) reports required checks this way.
// The app never posts statuses itself, so every status is another system's input.
type Status struct {
	Evaluator Evaluator
	Finder    PullFinder
}

// Handles implements delivery.Handler.
func (h *Status) Handles() []string { return []string{"status"} }

// Handle implements delivery.Handler.
func (h *Status) Handle(ctx context.Context, d *delivery.Delivery) error {
	event, err := delivery.PayloadOf[*github.StatusEvent](d)
	if err != nil {
		return err
	}
	repo, installationID := event.GetRepo(), event.GetInstallation().GetID()
	numbers, err := h.Finder.OpenPullsForCommit(ctx, installationID, repo.GetOwner().GetLogin(), repo.GetName(), event.GetSHA())
	if err != nil {
		return err
	}
	return evaluateAll(ctx, h.Evaluator, installationID, repo, numbers)
}

var _ delivery.Handler = &Status{}
