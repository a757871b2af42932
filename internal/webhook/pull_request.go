package webhook

import (
	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
)

var pullRequestActions = actionSet("opened", "reopened", "synchronize", "edited", "labeled", "unlabeled", "ready_for_review")

// NewPullRequest returns the pull_request handler: it re-evaluates a pull request whenever its
// code, description, labels or draft state change.
func NewPullRequest(ev Evaluator) *PullEvents {
	return &PullEvents{Evaluator: ev, event: "pull_request", read: readPullRequest}
}

func readPullRequest(d *delivery.Delivery) (evaluation.Target, string, error) {
	event, err := delivery.PayloadOf[*github.PullRequestEvent](d)
	if err != nil {
		return evaluation.Target{}, "", err
	}
	return targetIf(pullRequestActions, event.GetAction(), event.GetInstallation(), event.GetRepo(), event.GetNumber())
}
