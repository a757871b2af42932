package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
)

// Targeted is a handler whose deliveries each evaluate one pull request, named in the payload.
// Deliveries with the same target can share one evaluation: the intake lets a delivery for a
// PR that is already waiting in the queue ride along with it instead of taking a slot.
type Targeted interface {
	// Target returns the pull request the delivery evaluates and its action; a zero Target
	// (Number 0) means the action evaluates nothing.
	Target(eventType string, payload []byte) (t evaluation.Target, action string, err error)
}

// handleTargeted evaluates the one pull request a targeted delivery names.
func handleTargeted(ctx context.Context, h Targeted, ev Evaluator, eventType string, payload []byte) error {
	t, action, err := h.Target(eventType, payload)
	if err != nil {
		return err
	}
	if t.Number == 0 {
		return ignore(ctx, eventType, action)
	}
	return ev.Evaluate(ctx, t)
}

// targetIf is the delivery's pull request when its action is one of actions.
func targetIf(actions map[string]bool, action string, inst *github.Installation, repo *github.Repository, number int) (evaluation.Target, string, error) {
	if !actions[action] || number <= 0 {
		return evaluation.Target{}, action, nil
	}
	return evaluation.Target{InstallationID: inst.GetID(), Owner: repo.GetOwner().GetLogin(), Repo: repo.GetName(), Number: number}, action, nil
}
