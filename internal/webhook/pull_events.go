package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
)

// PullEvents re-evaluates the one pull request a delivery names. One type serves
// pull_request and pull_request_review; only reading the payload differs.
type PullEvents struct {
	Evaluator Evaluator
	event     string
	// read returns the pull request the delivery evaluates (Number 0 when its action
	// evaluates nothing) and the action.
	read func(d *delivery.Delivery) (t evaluation.Target, action string, err error)
}

// Handles implements delivery.Handler.
func (h *PullEvents) Handles() []string { return []string{h.event} }

// Handle implements delivery.Handler.
func (h *PullEvents) Handle(ctx context.Context, d *delivery.Delivery) error {
	t, action, err := h.read(d)
	if err != nil {
		return err
	}
	if t.Number == 0 {
		return ignore(ctx, d.Event, action)
	}
	return h.Evaluator.Evaluate(ctx, t)
}

// targetIf is the delivery's pull request when its action is one of actions.
func targetIf(actions map[string]bool, action string, inst *github.Installation, repo *github.Repository, number int) (evaluation.Target, string, error) {
	if !actions[action] || number <= 0 {
		return evaluation.Target{}, action, nil
	}
	return evaluation.Target{InstallationID: inst.GetID(), Owner: repo.GetOwner().GetLogin(), Repo: repo.GetName(), Number: number}, action, nil
}

var _ delivery.Handler = &PullEvents{}
