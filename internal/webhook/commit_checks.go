package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
)

// checkFinished is what check_run and check_suite events have in common: a commit whose
// checks changed, reported by some app.
type checkFinished struct {
	action         string
	appID          int64
	headSHA        string
	pulls          []*github.PullRequest
	installationID int64
	repo           *github.Repository
}

// CommitChecks re-evaluates the pull requests whose head is a commit when another app's checks
// on it completed (test evidence may have changed), or when a user asked to re-run our own
// check. Our own completed checks are ignored: they are the output, not an input. One type
// serves check_run and check_suite; only reading the payload differs.
type CommitChecks struct {
	AppID     int64
	Evaluator Evaluator
	Finder    PullFinder
	event     string
	read      func(d *delivery.Delivery) (checkFinished, error)
}

// Handles implements delivery.Handler.
func (c *CommitChecks) Handles() []string { return []string{c.event} }

// Handle implements delivery.Handler.
func (c *CommitChecks) Handle(ctx context.Context, d *delivery.Delivery) error {
	e, err := c.read(d)
	if err != nil {
		return err
	}
	if !c.relevant(e) {
		return ignore(ctx, d.Event, e.action)
	}
	numbers, err := c.pullsOf(ctx, e)
	if err != nil {
		return err
	}
	return evaluateAll(ctx, c.Evaluator, e.installationID, e.repo, numbers)
}

func (c *CommitChecks) relevant(e checkFinished) bool {
	ours := e.appID == c.AppID
	return (e.action == "completed" && !ours) || (e.action == "rerequested" && ours)
}

// pullsOf uses the pull requests the payload names when there are any; GitHub leaves the list
// empty for pull requests from forks, so then it asks GitHub.
func (c *CommitChecks) pullsOf(ctx context.Context, e checkFinished) ([]int, error) {
	var numbers []int
	for _, p := range e.pulls {
		if p.GetBase().GetRepo().GetID() == e.repo.GetID() {
			numbers = append(numbers, p.GetNumber())
		}
	}
	if len(numbers) > 0 {
		return numbers, nil
	}
	return c.Finder.OpenPullsForCommit(ctx, e.installationID, e.repo.GetOwner().GetLogin(), e.repo.GetName(), e.headSHA)
}

var _ delivery.Handler = &CommitChecks{}
