package webhook

import (
	"context"
	"errors"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

var reportActions = actionSet("opened", "edited", "labeled", "unlabeled", "closed", "reopened")

// IssuesWithReports is the issues handler: the pull requests linking the issue are evaluated
// as before, and a problem report or change request gets its status comment and stage label
// brought up to date (reports filed by hand are adopted this way). Deliveries about one issue
// share a waiting one's work (Issues' CoalesceKey): it reads the issue, and who approved it,
// afresh from GitHub.
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
	return errors.Join(err, h.Reports.Refresh(ctx, repoOf(event.GetInstallation(), event.GetRepo()), event.GetIssue().GetNumber()))
}

var _ githubapp.EventHandler = &IssuesWithReports{}
