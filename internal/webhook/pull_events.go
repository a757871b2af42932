package webhook

import (
	"context"

	"github.com/palantir/go-githubapp/githubapp"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
)

// PullEvents re-evaluates the one pull request a delivery names. One type serves
// pull_request and pull_request_review; only reading the payload differs.
type PullEvents struct {
	Evaluator Evaluator
	event     string
	// read returns the pull request the delivery evaluates (Number 0 when its action
	// evaluates nothing) and the action.
	read func(eventType string, payload []byte) (t evaluation.Target, action string, err error)
}

// Handles implements githubapp.EventHandler.
func (h *PullEvents) Handles() []string { return []string{h.event} }

// Handle implements githubapp.EventHandler.
func (h *PullEvents) Handle(ctx context.Context, eventType, _ string, payload []byte) error {
	t, action, err := h.read(eventType, payload)
	if err != nil {
		return err
	}
	if t.Number == 0 {
		return ignore(ctx, eventType, action)
	}
	return h.Evaluator.Evaluate(ctx, t)
}

// CoalesceKey implements Coalescing: deliveries about one pull request share its evaluation.
func (h *PullEvents) CoalesceKey(eventType string, payload []byte) string {
	t, _, err := h.read(eventType, payload)
	if err != nil {
		return ""
	}
	return pullKey(t)
}

var (
	_ githubapp.EventHandler = &PullEvents{}
	_ Coalescing             = &PullEvents{}
)
