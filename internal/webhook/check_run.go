package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

// CheckRun reacts to other apps' completed check runs and to re-run requests for our own.
type CheckRun struct {
	commitChecks
}

// NewCheckRun returns the check_run handler; appID identifies this app's own check runs.
func NewCheckRun(appID int64, ev Evaluator, finder PullFinder) *CheckRun {
	return &CheckRun{commitChecks{AppID: appID, Evaluator: ev, Finder: finder}}
}

// Handles implements githubapp.EventHandler.
func (h *CheckRun) Handles() []string { return []string{"check_run"} }

// Handle implements githubapp.EventHandler.
func (h *CheckRun) Handle(ctx context.Context, eventType, _ string, payload []byte) error {
	e, err := h.finished(eventType, payload)
	if err != nil {
		return err
	}
	return h.handle(ctx, eventType, e)
}

// CoalesceKey implements Coalescing.
func (h *CheckRun) CoalesceKey(eventType string, payload []byte) string {
	return h.coalesceKey(h.finished(eventType, payload))
}

func (h *CheckRun) finished(eventType string, payload []byte) (checkFinished, error) {
	var event github.CheckRunEvent
	if err := decode(eventType, payload, &event); err != nil {
		return checkFinished{}, err
	}
	run := event.GetCheckRun()
	return checkFinished{
		action:         event.GetAction(),
		appID:          run.GetApp().GetID(),
		headSHA:        run.GetHeadSHA(),
		pulls:          run.PullRequests,
		installationID: event.GetInstallation().GetID(),
		repo:           event.GetRepo(),
	}, nil
}

var (
	_ githubapp.EventHandler = &CheckRun{}
	_ Coalescing             = &CheckRun{}
)
