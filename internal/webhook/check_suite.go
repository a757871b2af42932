package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

// CheckSuite reacts to other apps' completed check suites and to re-run requests for our own.
type CheckSuite struct {
	commitChecks
}

// NewCheckSuite returns the check_suite handler; appID identifies this app's own suites.
func NewCheckSuite(appID int64, ev Evaluator, finder PullFinder) *CheckSuite {
	return &CheckSuite{commitChecks{AppID: appID, Evaluator: ev, Finder: finder}}
}

// Handles implements githubapp.EventHandler.
func (h *CheckSuite) Handles() []string { return []string{"check_suite"} }

// Handle implements githubapp.EventHandler.
func (h *CheckSuite) Handle(ctx context.Context, eventType, _ string, payload []byte) error {
	e, err := h.finished(eventType, payload)
	if err != nil {
		return err
	}
	return h.handle(ctx, eventType, e)
}

// CoalesceKey implements Coalescing.
func (h *CheckSuite) CoalesceKey(eventType string, payload []byte) string {
	return h.coalesceKey(h.finished(eventType, payload))
}

func (h *CheckSuite) finished(eventType string, payload []byte) (checkFinished, error) {
	var event github.CheckSuiteEvent
	if err := decode(eventType, payload, &event); err != nil {
		return checkFinished{}, err
	}
	suite := event.GetCheckSuite()
	return checkFinished{
		action:         event.GetAction(),
		appID:          suite.GetApp().GetID(),
		headSHA:        suite.GetHeadSHA(),
		pulls:          suite.PullRequests,
		installationID: event.GetInstallation().GetID(),
		repo:           event.GetRepo(),
	}, nil
}

var (
	_ githubapp.EventHandler = &CheckSuite{}
	_ Coalescing             = &CheckSuite{}
)
