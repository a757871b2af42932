package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

// PullRequest is the pull_request handler: evaluations, and on a merge the problem-report
// work (a fresh evaluation at the merged head, the fixes it records).
type PullRequest struct {
	*PullEvents
	Reports Reporter
}

// Handle implements githubapp.EventHandler.
func (h *PullRequest) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	if number, merged := mergedPull(eventType, payload); merged {
		var event github.PullRequestEvent
		if err := decode(eventType, payload, &event); err != nil {
			return err
		}
		return h.Reports.Merged(ctx, repoOf(event.GetInstallation(), event.GetRepo()), number)
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

func mergedPull(eventType string, payload []byte) (int, bool) {
	var event github.PullRequestEvent
	if decode(eventType, payload, &event) != nil {
		return 0, false
	}
	return event.GetNumber(), event.GetAction() == "closed" && event.GetPullRequest().GetMerged()
}

var (
	_ githubapp.EventHandler = &PullRequest{}
	_ Coalescing             = &PullRequest{}
)
