package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

var issueActions = actionSet("labeled", "unlabeled", "edited")

// Issues re-evaluates the open pull requests that link an issue whose labels or text changed:
// approving a change request, for one, can turn a class C PR's traceability green.
type Issues struct {
	Evaluator Evaluator
	Finder    PullFinder
}

// Handles implements githubapp.EventHandler.
func (h *Issues) Handles() []string { return []string{"issues"} }

// Handle implements githubapp.EventHandler.
func (h *Issues) Handle(ctx context.Context, eventType, _ string, payload []byte) error {
	var event github.IssuesEvent
	if err := decode(eventType, payload, &event); err != nil {
		return err
	}
	if !issueActions[event.GetAction()] || event.GetIssue().IsPullRequest() {
		return ignore(ctx, eventType, event.GetAction())
	}
	repo, installationID := event.GetRepo(), event.GetInstallation().GetID()
	numbers, err := h.Finder.OpenPullsLinkingIssue(ctx, installationID, repo.GetOwner().GetLogin(), repo.GetName(), event.GetIssue().GetNumber())
	if err != nil {
		return err
	}
	return evaluateAll(ctx, h.Evaluator, installationID, repo, numbers)
}

var _ githubapp.EventHandler = &Issues{}
