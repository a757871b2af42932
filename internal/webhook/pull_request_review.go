package webhook

import (
	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
)

var reviewActions = actionSet("submitted", "edited", "dismissed")

// NewPullRequestReview returns the pull_request_review handler: it re-evaluates a pull request
// when a review is submitted, edited or dismissed.
func NewPullRequestReview(ev Evaluator) *PullEvents {
	return &PullEvents{Evaluator: ev, event: "pull_request_review", read: readPullRequestReview}
}

func readPullRequestReview(d *delivery.Delivery) (evaluation.Target, string, error) {
	event, err := delivery.PayloadOf[*github.PullRequestReviewEvent](d)
	if err != nil {
		return evaluation.Target{}, "", err
	}
	return targetIf(reviewActions, event.GetAction(), event.GetInstallation(), event.GetRepo(), event.GetPullRequest().GetNumber())
}
