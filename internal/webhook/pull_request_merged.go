package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
)

// PullRequest is the pull_request handler: evaluations, and on a merge the problem-report
// work (a fresh evaluation at the merged head, the fixes it records).
type PullRequest struct {
	*PullEvents
	Reports Reporter
}

// Handle implements githubapp.EventHandler.
func (h *PullRequest) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	if event, merged := mergedPull(eventType, payload); merged {
		return h.Reports.Merged(ctx, reporting.Merge{Repo: repoOf(event.GetInstallation(), event.GetRepo()), Number: event.GetNumber(),
			SHA: event.GetPullRequest().GetMergeCommitSHA()})
	}
	return h.PullEvents.Handle(ctx, eventType, deliveryID, payload)
}

// CoalesceKey implements Coalescing: a merge is never folded into a queued evaluation.
func (h *PullRequest) CoalesceKey(eventType string, payload []byte) string {
	if _, merged := mergedPull(eventType, payload); merged {
		return ""
	}
	return h.PullEvents.CoalesceKey(eventType, payload)
}

func mergedPull(eventType string, payload []byte) (*github.PullRequestEvent, bool) {
	var event github.PullRequestEvent
	if decode(eventType, payload, &event) != nil {
		return nil, false
	}
	return &event, event.GetAction() == "closed" && event.GetPullRequest().GetMerged()
}

var (
	_ githubapp.EventHandler = &PullRequest{}
	_ Coalescing             = &PullRequest{}
)
