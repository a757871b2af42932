package policy

import (
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// checkState is the standing of one required check on the head commit.
type checkState struct {
	name   string
	status Status // pass, fail or pending
	detail string
}

// testEvidence (5.5-5.7): changed test files and/or required checks that succeeded on the
// head commit, as the class's evidence mode demands.
func testEvidence(e *evaluation) RuleResult {
	settings := e.policy.Config.TestEvidence
	tests := e.files.writtenMatching(settings.TestPaths)
	checks := requiredChecks(e.snap, settings.RequiredChecks)
	rr := RuleResult{Evidence: append(evidence("test files", tests), evidence("checks", checkLines(checks))...)}
	if e.rules.TestEvidence.Evidence == TestsAndChecks {
		return testsAndChecks(e, rr, tests, checks)
	}
	return testsOrChecks(e, rr, tests, checks)
}

func testsOrChecks(e *evaluation, rr RuleResult, tests []string, checks []checkState) RuleResult {
	switch {
	case len(tests) > 0:
		rr.Status, rr.Reason = StatusPass, fmt.Sprintf("%s changed.", plural(len(tests), "test file", "test files"))
	case len(checks) == 0:
		rr.Status, rr.Reason = StatusFail, "No test file changed, and no required checks are configured."
		rr.Fix = []string{"Add or update a test for this change (a file matching " + joinOr(quoted(e.policy.Config.TestEvidence.TestPaths[:min(3, len(e.policy.Config.TestEvidence.TestPaths))])) + ")."}
	default:
		rr.Status, rr.Reason, rr.Fix = judgeChecks(checks, e.snap.HeadSHA())
		if rr.Status != StatusPass {
			rr.Reason = "No test file changed; " + lowerFirst(rr.Reason)
			rr.Fix = append(rr.Fix, "Or add or update a test for this change.")
		}
	}
	return rr
}

func testsAndChecks(e *evaluation, rr RuleResult, tests []string, checks []checkState) RuleResult {
	source := sourcesNeedingTests(e)
	if len(source) > 0 && len(tests) == 0 {
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("Class %s source changed (%s) but no test file did.", e.class, joinAnd(firstN(source, 3)))
		rr.Fix = []string{fmt.Sprintf("Add or update unit tests covering the changed class %s source.", e.class)}
		if status, _, fix := judgeChecks(checks, e.snap.HeadSHA()); status == StatusFail {
			rr.Fix = append(rr.Fix, fix...)
		}
		return rr
	}
	if len(checks) == 0 {
		rr.Status, rr.Reason = StatusPass, testsReason(tests, source)
		return rr
	}
	rr.Status, rr.Reason, rr.Fix = judgeChecks(checks, e.snap.HeadSHA())
	if rr.Status == StatusPass {
		rr.Reason = testsReason(tests, source) + " " + rr.Reason
	}
	return rr
}

func testsReason(tests, source []string) string {
	if len(source) == 0 {
		return "No source file of this class changed."
	}
	return fmt.Sprintf("%s changed with the source.", plural(len(tests), "test file", "test files"))
}

// sourcesNeedingTests lists changed source files (not tests) of the pull request's class.
func sourcesNeedingTests(e *evaluation) []string {
	settings := e.policy.Config.TestEvidence
	var out []string
	for _, p := range e.files.paths {
		if !matchesPath(settings.SourcePaths, p) || matchesPath(settings.TestPaths, p) {
			continue
		}
		if classOf(e.policy.Config, p) == e.class {
			out = append(out, p)
		}
	}
	return out
}

// requiredChecks finds each required check's latest result on the head commit: a check run
// of that name, else a commit status of that context (CI that predates check runs).
func requiredChecks(s *snapshot.Snapshot, names []string) []checkState {
	states := make([]checkState, 0, len(names))
	for _, name := range names {
		st := checkState{name: name}
		if run := latestRun(s.CheckRuns, name, s.HeadSHA()); run != nil {
			st.status, st.detail = runState(run)
		} else if status := statusOf(s.Statuses, name); status != nil {
			st.status, st.detail = commitStatusState(status)
		} else {
			st.status, st.detail = StatusPending, "not reported yet"
		}
		states = append(states, st)
	}
	return states
}

func runState(run *github.CheckRun) (Status, string) {
	switch {
	case run.GetStatus() != "completed":
		return StatusPending, run.GetStatus()
	case run.GetConclusion() == "success":
		return StatusPass, "success"
	}
	return StatusFail, run.GetConclusion()
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

func commitStatusState(st *github.RepoStatus) (Status, string) {
	detail := "commit status " + st.GetState()
	switch st.GetState() {
	case "success":
		return StatusPass, detail
	case "pending":
		return StatusPending, detail
	}
	return StatusFail, detail
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

// judgeChecks: any failed check fails; else any unfinished one is pending; else pass.
func judgeChecks(checks []checkState, head string) (Status, string, []string) {
	var failed, pending []string
	for _, c := range checks {
		switch c.status {
		case StatusFail:
			failed = append(failed, fmt.Sprintf("`%s` (%s)", c.name, c.detail))
		case StatusPending:
			pending = append(pending, fmt.Sprintf("`%s` (%s)", c.name, c.detail))
		}
	}
	switch {
	case len(failed) > 0:
		return StatusFail, "Required check " + joinAnd(failed) + " did not succeed on " + shortSHA(head) + ".",
			[]string{"Fix the failing required check " + joinAnd(failed) + " and push, or re-run it if it failed for an unrelated reason."}
	case len(pending) > 0:
		return StatusPending, "Waiting for required check " + joinAnd(pending) + " on " + shortSHA(head) + ".",
			[]string{"Wait for " + joinAnd(pending) + " to finish on " + shortSHA(head) + "; this check updates by itself."}
	}
	return StatusPass, fmt.Sprintf("All %s succeeded on %s.", plural(len(checks), "required check", "required checks"), shortSHA(head)), nil
}

func checkLines(checks []checkState) []string {
	out := make([]string, len(checks))
	for i, c := range checks {
		out[i] = c.name + ": " + c.detail
	}
	return out
}

func quoted(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "`" + s + "`"
	}
	return out
}

func firstN(items []string, n int) []string {
	if len(items) <= n {
		return items
	}
	return append(append([]string(nil), items[:n]...), fmt.Sprintf("%d more", len(items)-n))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
