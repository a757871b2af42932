package policy

import (
	"fmt"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/prose"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// RuleTestEvidence is the test evidence rule's id.
const RuleTestEvidence RuleID = "test-evidence"

// TestEvidenceRule is the per-class part of the test evidence rule.
type TestEvidenceRule struct {
	Enforcement Enforcement
	Evidence    EvidenceMode
}

// TestEvidence returns the class's TestEvidenceRule settings.
func (r ClassRules) TestEvidence() TestEvidenceRule {
	return settingsOf[TestEvidenceRule](r, RuleTestEvidence)
}

var _ = register(&Rule{
	ID: RuleTestEvidence, Key: "test_evidence", Title: "Test evidence", Clauses: "5.5-5.7", order: 30,
	judge: testEvidence,
	Settings: []Setting{
		enforcementSetting(RuleTestEvidence, func(r *TestEvidenceRule) *Enforcement { return &r.Enforcement }),
		choiceSetting(RuleTestEvidence, "evidence", func(r *TestEvidenceRule) *EvidenceMode { return &r.Evidence }, TestsOrChecks, TestsAndChecks),
	},
})

// testEvidence (5.5-5.7): changed test files and/or required checks that succeeded on the
// head commit, as the class's evidence mode demands.
func testEvidence(e *evaluation) RuleResult {
	settings := e.policy.Config.TestEvidence
	tests := e.files.writtenMatching(settings.TestPaths)
	checks := requiredChecks(e.snap, settings.RequiredChecks)
	rr := RuleResult{Evidence: Evidence{TestFiles: filesOf(e.policy.Config, tests), Checks: checks}}
	if e.rules.TestEvidence().Evidence == TestsAndChecks {
		return testsAndChecks(e, rr, tests, checks)
	}
	return testsOrChecks(e, rr, tests, checks)
}

func testsOrChecks(e *evaluation, rr RuleResult, tests []string, checks []Check) RuleResult {
	addTests := Action{Who: theAuthor, Do: DoAddTests, Paths: examplePaths(e)}
	switch {
	case len(tests) > 0:
		rr.Status, rr.Reason = StatusPass, fmt.Sprintf("%s changed.", plural(len(tests), "test file", "test files"))
	case len(checks) == 0:
		rr.Status, rr.Reason = StatusFail, "No test file changed, and no required checks are configured."
		rr.Todo = []Todo{todo(addTests)}
	default:
		var fix *Action
		rr.Status, rr.Reason, fix = judgeChecks(checks, e.snap.HeadSHA())
		if rr.Status != StatusPass {
			rr.Reason = "No test file changed; " + prose.LowerFirst(rr.Reason)
			rr.Todo = []Todo{todo(*fix, addTests)}
		}
	}
	return rr
}

func testsAndChecks(e *evaluation, rr RuleResult, tests []string, checks []Check) RuleResult {
	source := sourcesNeedingTests(e)
	if len(source) > 0 && len(tests) == 0 {
		rr.Evidence.UntestedSources = filesOf(e.policy.Config, source)
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("Class %s source changed (%s) but no test file did.", e.class, joinAnd(firstN(source, 3)))
		rr.Todo = []Todo{todo(Action{Who: theAuthor, Do: DoAddTests, Class: e.class, Paths: examplePaths(e)})}
		if status, _, fix := judgeChecks(checks, e.snap.HeadSHA()); status == StatusFail {
			rr.Todo = append(rr.Todo, todo(*fix))
		}
		return rr
	}
	if len(checks) == 0 {
		rr.Status, rr.Reason = StatusPass, testsReason(tests, source)
		return rr
	}
	var fix *Action
	rr.Status, rr.Reason, fix = judgeChecks(checks, e.snap.HeadSHA())
	if rr.Status == StatusPass {
		rr.Reason = testsReason(tests, source) + " " + rr.Reason
	} else {
		rr.Todo = []Todo{todo(*fix)}
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

// filesOf names each path's software systems and class.
func filesOf(cfg Config, paths []string) []File {
	out := make([]File, len(paths))
	for i, p := range paths {
		out[i] = File{Path: p, Systems: []string{}, Class: classOf(cfg, p)}
		for _, sys := range claimOf(cfg.Systems, p).kept {
			out[i].Systems = append(out[i].Systems, sys.Name)
		}
	}
	return out
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

// judgeChecks: any failed check fails; else any unfinished one is pending; else pass. The
// action says what to do about the checks that did not pass.
func judgeChecks(checks []Check, head string) (Status, string, *Action) {
	var failed, pending []Check
	for _, c := range checks {
		switch c.Outcome {
		case StatusFail:
			failed = append(failed, c)
		case StatusPending:
			pending = append(pending, c)
		}
	}
	switch {
	case len(failed) > 0:
		return StatusFail, "Required check " + joinAnd(CheckNames(failed)) + " did not succeed on " + snapshot.ShortSHA(head) + ".",
			&Action{Who: theAuthor, Do: DoFixChecks, Checks: failed, Commit: head}
	case len(pending) > 0:
		return StatusPending, "Waiting for required check " + joinAnd(CheckNames(pending)) + " on " + snapshot.ShortSHA(head) + ".",
			&Action{Who: nobody, Do: DoWaitForChecks, Checks: pending, Commit: head}
	}
	return StatusPass, fmt.Sprintf("All %s succeeded on %s.", plural(len(checks), "required check", "required checks"), snapshot.ShortSHA(head)), nil
}

// CheckNames writes checks as a finding names them: "`build-and-test` (failure)".
func CheckNames(checks []Check) []string {
	out := make([]string, len(checks))
	for i, c := range checks {
		out[i] = fmt.Sprintf("`%s` (%s)", c.Name, c.Detail())
	}
	return out
}

// Detail is the check's state in words: "failure", "queued", "commit status error", "not
// reported yet".
func (c Check) Detail() string {
	switch c.Source {
	case SourceCommitStatus:
		return "commit status " + c.State
	case "":
		return "not reported yet"
	}
	return c.State
}

// examplePaths are the first few test path globs, to show what a test file is.
func examplePaths(e *evaluation) []string {
	paths := e.policy.Config.TestEvidence.TestPaths
	return paths[:min(3, len(paths))]
}

func firstN(items []string, n int) []string {
	if len(items) <= n {
		return items
	}
	return append(append([]string(nil), items[:n]...), fmt.Sprintf("%d more", len(items)-n))
}
