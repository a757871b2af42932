// Package reconcile repairs what webhooks missed: a periodic job (River's, run by the one
// leader among the replicas, and at start-up) looks at every open pull request of every
// installation and queues an evaluation for each whose IEC 62304 check run is missing or
// older than the pull request's last change: after downtime, after a lost delivery, after
// the app is installed on a repository with open pull requests. It reads with conditional
// requests (an unchanged answer is a free 304), spends a bounded budget per repository and
// run, and steps back before the installation's rate limit runs low, leaving it to webhook
// work.
package reconcile

import (
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Reason says why a pull request needs an evaluation; Fresh when its check run is up to date.
type Reason string

// Reasons, also the values of the repairs metric's reason label.
const (
	Fresh Reason = ""
	// Missing: the app has no check run on the head commit (a push, an install, a lost delivery).
	Missing Reason = "missing"
	// Changed: the pull request changed (a label, a review, its description) after the last
	// evaluation of its head.
	Changed Reason = "changed"
	// ChecksChanged: another check run on the head commit finished after the last
	// evaluation; the test-evidence rule reads those.
	ChecksChanged Reason = "checks_changed"
	// Stuck: the check run has been in progress (pending) for longer than PendingAge.
	Stuck Reason = "stuck"
)

// Facts are what the decision reads about one open pull request.
type Facts struct {
	// UpdatedAt is the pull request's updated_at: GitHub moves it with every change.
	UpdatedAt time.Time
	// HeadRuns are every check run on the head commit.
	HeadRuns []*github.CheckRun
	// AppID identifies the app's own check run among HeadRuns.
	AppID int64
	// LastEvaluated is when the bot last evaluated this pull request at this head (its audit
	// trail); zero when it has no record. The bot's own summary comment moves updated_at, so
	// the check run's time alone would make every commented pull request look changed.
	LastEvaluated time.Time
	// Now and PendingAge decide when an in-progress check run is stuck.
	Now        time.Time
	PendingAge time.Duration
}

// Decide says whether the pull request needs an evaluation, and why. When in doubt it asks
// for one: an evaluation where nothing changed costs little (its reads are 304s), a stale
// success is a false pass.
func Decide(f Facts) Reason {
	own := githubio.OwnRun(f.HeadRuns, f.AppID)
	if own == nil {
		return Missing
	}
	// GitHub's times have whole seconds: a change in the second of the last evaluation may
	// have come after it, so it counts as after.
	judged := latest(own.GetCompletedAt().Time, own.GetStartedAt().Time, f.LastEvaluated).Truncate(time.Second)
	switch {
	case !f.UpdatedAt.Before(judged):
		return Changed
	case finishedSince(f.HeadRuns, f.AppID, judged):
		return ChecksChanged
	case own.GetStatus() != snapshot.StatusCompleted && f.Now.Sub(judged) > f.PendingAge:
		return Stuck
	}
	return Fresh
}

// finishedSince reports whether a check run other than the app's own finished at or after t.
func finishedSince(runs []*github.CheckRun, appID int64, t time.Time) bool {
	for _, r := range runs {
		ours := r.GetApp().GetID() == appID && r.GetName() == githubio.CheckRunName
		if !ours && r.GetStatus() == snapshot.StatusCompleted && !r.GetCompletedAt().Before(t) {
			return true
		}
	}
	return false
}

func latest(times ...time.Time) time.Time {
	var out time.Time
	for _, t := range times {
		if t.After(out) {
			out = t
		}
	}
	return out
}
