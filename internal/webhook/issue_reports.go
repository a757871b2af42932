package webhook

import (
	"context"
	"errors"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
)

var reportActions = actionSet("opened", "edited", "labeled", "unlabeled", "closed", "reopened")

// IssuesWithReports is the issues handler: the pull requests linking the issue are evaluated
// as before, and a problem report or change request gets its status comment and stage label
// brought up to date (reports filed by hand are adopted this way).
type IssuesWithReports struct {
	*Issues
	Reports Reporter
}

// Handle implements githubapp.EventHandler.
func (h *IssuesWithReports) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	err := h.Issues.Handle(ctx, eventType, deliveryID, payload)
	var event github.IssuesEvent
	if decodeErr := decode(eventType, payload, &event); decodeErr != nil || !reportActions[event.GetAction()] || event.GetIssue().IsPullRequest() {
		return err
	}
	return errors.Join(err, h.Reports.Refresh(ctx, repoOf(event.GetInstallation(), event.GetRepo()), event.GetIssue().GetNumber(), labelChange(&event)))
}

// CoalesceKey implements Coalescing: a label change says who made it, which a change
// request's approval needs, so it is not folded into another delivery.
func (h *IssuesWithReports) CoalesceKey(eventType string, payload []byte) string {
	var event github.IssuesEvent
	if decode(eventType, payload, &event) != nil || labelChange(&event) != nil {
		return ""
	}
	return h.Issues.CoalesceKey(eventType, payload)
}

func labelChange(e *github.IssuesEvent) *reporting.LabelChange {
	if a := e.GetAction(); a == "labeled" || a == "unlabeled" {
		return &reporting.LabelChange{Added: a == "labeled", Label: e.GetLabel().GetName(), By: e.GetSender().GetLogin(), ByBot: isBot(e.GetSender())}
	}
	return nil
}

var (
	_ githubapp.EventHandler = &IssuesWithReports{}
	_ Coalescing             = &IssuesWithReports{}
)
