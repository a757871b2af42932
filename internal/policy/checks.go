package policy

import (
	"cmp"
	"slices"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/prose"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// redConclusions are the check run conclusions and commit status states that mean CI went red.
var redConclusions = []string{
	snapshot.ConclusionFailure, snapshot.ConclusionTimedOut, snapshot.ConclusionCancelled,
	snapshot.ConclusionActionRequired, snapshot.StateError,
}

// redChecks lists every check on the head commit whose latest result is red: check runs of
// other apps (never the bot's own) and commit statuses.
func redChecks(s *snapshot.Snapshot) []Check {
	var red []Check
	for _, name := range reportedNames(s) {
		if name == snapshot.BotCheckName {
			continue
		}
		if run := latestRun(s.CheckRuns, name, s.HeadSHA()); run != nil {
			if run.GetStatus() == snapshot.StatusCompleted && slices.Contains(redConclusions, run.GetConclusion()) {
				red = append(red, Check{Name: name, Source: SourceCheckRun, State: run.GetConclusion(), Outcome: StatusFail})
			}
			continue
		}
		if st := statusOf(s.Statuses, name); st != nil && slices.Contains([]string{snapshot.StateFailure, snapshot.StateError}, st.GetState()) {
			red = append(red, Check{Name: name, Source: SourceCommitStatus, State: st.GetState(), Outcome: StatusFail})
		}
	}
	return red
}

// reportedNames are the names of the check runs and commit statuses on the head commit, sorted.
func reportedNames(s *snapshot.Snapshot) []string {
	var names []string
	for _, r := range s.CheckRuns {
		if r.GetHeadSHA() == "" || r.GetHeadSHA() == s.HeadSHA() {
			names = append(names, r.GetName())
		}
	}
	for _, st := range s.Statuses {
		names = append(names, st.GetContext())
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// closestNames are up to three names that reported on the head commit and look like name: the
// same job under another workflow prefix, or a few typos away. A required check that never
// reports is most often one spelt as the pull request page shows it ("ci / build-and-test")
// rather than as GitHub names the check run ("build-and-test").
func closestNames(s *snapshot.Snapshot, name string) []string {
	type scored struct {
		name string
		d    int
	}
	var near []scored
	for _, got := range reportedNames(s) {
		if got == snapshot.BotCheckName {
			continue
		}
		d := min(prose.Distance(strings.ToLower(name), strings.ToLower(got)), prose.Distance(jobOf(name), jobOf(got)))
		if d <= max(2, len(name)/3) {
			near = append(near, scored{got, d})
		}
	}
	slices.SortStableFunc(near, func(a, b scored) int { return cmp.Compare(a.d, b.d) })
	out := []string{}
	for _, n := range near[:min(3, len(near))] {
		out = append(out, n.name)
	}
	return out
}

// jobOf is the last part of "workflow / job", lower-cased: the name GitHub gives the check run.
func jobOf(name string) string {
	parts := strings.Split(name, " / ")
	return strings.ToLower(strings.TrimSpace(parts[len(parts)-1]))
}

// unreportedHint explains a required check that has not reported although others have.
func unreportedHint(pending []Check) string {
	for _, c := range pending {
		if c.Source == "" && len(c.Similar) > 0 {
			return " Checks that did report include " + prose.JoinAnd(prose.Quoted(c.Similar)) +
				": GitHub names a check run after its job (`build-and-test`), while the pull request page shows workflow / job (`ci / build-and-test`)."
		}
	}
	return ""
}

// waitTodo: wait for the pending checks; for one that never reported while a similar name did,
// correcting its name in the policy is the alternative.
func waitTodo(pending []Check, head string) Todo {
	t := todo(Action{Who: nobody, Do: DoWaitForChecks, Checks: pending, Commit: head})
	for _, c := range pending {
		if c.Source == "" && len(c.Similar) > 0 {
			t.Either = append(t.Either, Action{Who: Actor{Kind: ActorAdmin}, Do: DoRenameCheck, Checks: []Check{c}})
		}
	}
	return t
}

// requiredChecks finds each required check's latest result on the head commit: a check run
// of that name, else a commit status of that context (CI that predates check runs).
func requiredChecks(s *snapshot.Snapshot, names []string) []Check {
	out := make([]Check, 0, len(names))
	for _, name := range names {
		c := Check{Name: name, Outcome: StatusPending}
		if run := latestRun(s.CheckRuns, name, s.HeadSHA()); run != nil {
			c.Source = SourceCheckRun
			c.State, c.Outcome = runState(run)
		} else if status := statusOf(s.Statuses, name); status != nil {
			c.Source, c.State, c.Outcome = SourceCommitStatus, status.GetState(), commitStatusOutcome(status.GetState())
		} else {
			c.Similar = closestNames(s, name)
		}
		out = append(out, c)
	}
	return out
}

// runState is a check run's standing: its status until it completes, then its conclusion.
func runState(run *github.CheckRun) (string, Status) {
	switch {
	case run.GetStatus() != snapshot.StatusCompleted:
		return run.GetStatus(), StatusPending
	case run.GetConclusion() == snapshot.ConclusionSuccess:
		return snapshot.ConclusionSuccess, StatusPass
	}
	return run.GetConclusion(), StatusFail
}

// statusOf returns the commit status of a context; GitHub's combined status holds the latest.
func statusOf(statuses []*github.RepoStatus, context string) *github.RepoStatus {
	for _, st := range statuses {
		if st.GetContext() == context {
			return st
		}
	}
	return nil
}

func commitStatusOutcome(state string) Status {
	switch state {
	case snapshot.StateSuccess:
		return StatusPass
	case snapshot.StatePending:
		return StatusPending
	}
	return StatusFail
}

// latestRun picks the run of a check that GitHub created last on the head commit: a re-run
// replaces the earlier result, even while it is still queued with no start time. IDs rise
// with creation; a run on another commit never counts.
func latestRun(runs []*github.CheckRun, name, head string) *github.CheckRun {
	var latest *github.CheckRun
	for _, r := range runs {
		if r.GetName() != name || (r.GetHeadSHA() != "" && r.GetHeadSHA() != head) {
			continue
		}
		if latest == nil || r.GetID() > latest.GetID() {
			latest = r
		}
	}
	return latest
}
