package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

var issueActions = actionSet("labeled", "unlabeled", "edited")

// MaxPullsPerIssueEvent is how many open pull requests one issues event re-evaluates, and how
// many of them it reads the commits of to find links in commit messages. Anyone who can open
// pull requests can make hundreds link one issue; without a cap, one label change on that
// issue cost a GitHub read per open pull request and a full evaluation per linking one. The
// pull requests beyond it are logged at Warn with their count and numbers, and left for the
// reconciler (and their own next event).
const MaxPullsPerIssueEvent = 20

// Issues re-evaluates the open pull requests that link an issue whose labels or text changed:
// approving a change request, for one, can turn a class C PR's traceability green.
type Issues struct {
	Evaluator Evaluator
	Finder    PullFinder
}

// Handles implements delivery.Handler.
func (h *Issues) Handles() []string { return []string{"issues"} }

// Handle implements delivery.Handler.
func (h *Issues) Handle(ctx context.Context, d *delivery.Delivery) error {
	event, err := delivery.PayloadOf[*github.IssuesEvent](d)
	if err != nil {
		return err
	}
	if !relevantIssueEvent(event) {
		return ignore(ctx, d.Event, event.GetAction())
	}
	repo, installationID := event.GetRepo(), event.GetInstallation().GetID()
	found, err := h.Finder.OpenPullsLinkingIssue(ctx, installationID, repo.GetOwner().GetLogin(), repo.GetName(), event.GetIssue().GetNumber(), MaxPullsPerIssueEvent)
	if err != nil {
		return err
	}
	reportLeft(ctx, event.GetIssue().GetNumber(), found)
	return evaluateAll(ctx, h.Evaluator, installationID, repo, found.Pulls)
}

// reportLeft says, at Warn, which linked pull requests an issue event did not re-evaluate, so
// none is dropped unseen: the reconciler brings their check runs up to date, and so does
// their next own event.
func reportLeft(ctx context.Context, issue int, found githubio.IssueLinks) {
	if len(found.Left) == 0 && found.NotChecked == 0 {
		return
	}
	zerolog.Ctx(ctx).Warn().Int("issue", issue).Int("pulls_evaluated", len(found.Pulls)).
		Int("pulls_left", len(found.Left)).Ints("pulls_left_numbers", found.Left).Int("pulls_not_checked", found.NotChecked).
		Msgf("more open pull requests may link issue #%d than one issue event re-evaluates (%d): the rest are left for the reconciler", issue, MaxPullsPerIssueEvent)
}

func relevantIssueEvent(e *github.IssuesEvent) bool {
	return issueActions[e.GetAction()] && !e.GetIssue().IsPullRequest()
}

var _ delivery.Handler = &Issues{}
