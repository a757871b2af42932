package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

// Status re-evaluates the open pull requests whose head is a commit when a commit status on
// it changed: CI that predates check runs (Jenkins, say) reports required checks this way.
// The app never posts statuses itself, so every status is another system's input.
type Status struct {
	Evaluator Evaluator
	Finder    PullFinder
}

// Handles implements githubapp.EventHandler.
func (h *Status) Handles() []string { return []string{"status"} }

// Handle implements githubapp.EventHandler.
func (h *Status) Handle(ctx context.Context, eventType, _ string, payload []byte) error {
	var event github.StatusEvent
	if err := decode(eventType, payload, &event); err != nil {
		return err
	}
	repo, installationID := event.GetRepo(), event.GetInstallation().GetID()
	numbers, err := h.Finder.OpenPullsForCommit(ctx, installationID, repo.GetOwner().GetLogin(), repo.GetName(), event.GetSHA())
	if err != nil {
		return err
	}
	return evaluateAll(ctx, h.Evaluator, installationID, repo, numbers)
}

// CoalesceKey implements Coalescing: every status on a commit re-evaluates the same pull
// requests as its check results do.
func (h *Status) CoalesceKey(eventType string, payload []byte) string {
	var event github.StatusEvent
	if decode(eventType, payload, &event) != nil {
		return ""
	}
	return commitKey(event.GetInstallation().GetID(), event.GetRepo(), event.GetSHA())
}

var (
	_ githubapp.EventHandler = &Status{}
	_ Coalescing             = &Status{}
)
