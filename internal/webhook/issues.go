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
	if !relevantIssueEvent(&event) {
		return ignore(ctx, eventType, event.GetAction())
	}
	repo, installationID := event.GetRepo(), event.GetInstallation().GetID()
	numbers, err := h.Finder.OpenPullsLinkingIssue(ctx, installationID, repo.GetOwner().GetLogin(), repo.GetName(), event.GetIssue().GetNumber())
	if err != nil {
		return err
	}
	return evaluateAll(ctx, h.Evaluator, installationID, repo, numbers)
}

// CoalesceKey implements Coalescing: changes to one issue re-evaluate the same pull requests,
// those that link it.
func (h *Issues) CoalesceKey(eventType string, payload []byte) string {
	var event github.IssuesEvent
	if decode(eventType, payload, &event) != nil || !relevantIssueEvent(&event) {
		return ""
	}
	return issueKey(event.GetInstallation().GetID(), event.GetRepo(), event.GetIssue().GetNumber())
}

func relevantIssueEvent(e *github.IssuesEvent) bool {
	return issueActions[e.GetAction()] && !e.GetIssue().IsPullRequest()
}

var (
	_ githubapp.EventHandler = &Issues{}
	_ Coalescing             = &Issues{}
)
