package webhook

import (
	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
)

// NewCheckSuite returns the check_suite handler; appID identifies this app's own suites.
func NewCheckSuite(appID int64, ev Evaluator, finder PullFinder) *CommitChecks {
	return &CommitChecks{AppID: appID, Evaluator: ev, Finder: finder, event: "check_suite", read: readCheckSuite}
}

func readCheckSuite(d *delivery.Delivery) (checkFinished, error) {
	event, err := delivery.PayloadOf[*github.CheckSuiteEvent](d)
	if err != nil {
		return checkFinished{}, err
	}
	suite := event.GetCheckSuite()
	return checkFinished{action: event.GetAction(), appID: suite.GetApp().GetID(), headSHA: suite.GetHeadSHA(), pulls: suite.PullRequests,
		installationID: event.GetInstallation().GetID(), repo: event.GetRepo()}, nil
}
