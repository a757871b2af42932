package webhook

import (
	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
)

// NewCheckRun returns the check_run handler; appID identifies this app's own check runs.
func NewCheckRun(appID int64, ev Evaluator, finder PullFinder) *CommitChecks {
	return &CommitChecks{AppID: appID, Evaluator: ev, Finder: finder, event: "check_run", read: readCheckRun}
}

func readCheckRun(d *delivery.Delivery) (checkFinished, error) {
	event, err := delivery.PayloadOf[*github.CheckRunEvent](d)
	if err != nil {
		return checkFinished{}, err
	}
	run := event.GetCheckRun()
	return checkFinished{action: event.GetAction(), appID: run.GetApp().GetID(), headSHA: run.GetHeadSHA(), pulls: run.PullRequests,
		installationID: event.GetInstallation().GetID(), repo: event.GetRepo()}, nil
}
