package webhook

import (
	"context"
	"errors"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
)

var reportActions = actionSet("opened", "edited", "labeled", "unlabeled", "closed", "reopened")

// IssuesWithReports is the issues handler: the pull requests linking the issue are evaluated
// as before, and a problem report or change request gets its status comment and stage label
// brought up to date (reports filed by hand are adopted this way). The report's state, and who
// approved a change request, are read afresh from GitHub, never from the payload.
type IssuesWithReports struct {
	*Issues
	Reports Reporter
}

// Handle implements delivery.Handler.
func (h *IssuesWithReports) Handle(ctx context.Context, d *delivery.Delivery) error {
	err := h.Issues.Handle(ctx, d)
	event, ok := d.Payload.(*github.IssuesEvent)
	if !ok || !reportActions[event.GetAction()] || event.GetIssue().IsPullRequest() {
		return err
	}
	return errors.Join(err, h.Reports.Refresh(ctx, repoOf(event.GetInstallation(), event.GetRepo()), event.GetIssue().GetNumber()))
}

var _ delivery.Handler = &IssuesWithReports{}
