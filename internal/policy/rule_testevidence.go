package policy

import (
	"fmt"

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
// head commit, as the class's evidence mode demands. Red CI is never evidence: a required
// check that did not succeed fails the rule whatever tests changed.
func testEvidence(e *evaluation) RuleResult {
	settings := e.policy.Config.TestEvidence
	tests := e.files.writtenMatching(settings.TestPaths)
	checks := requiredChecks(e.snap, settings.RequiredChecks)
	rr := RuleResult{Evidence: Evidence{TestFiles: filesOf(e.policy.Config, tests), Checks: checks}}
	ci := judgeCI(e, checks)
	rr.Evidence.FailedChecks = ci.red
	if e.rules.TestEvidence().Evidence == TestsAndChecks {
		return testsAndChecks(e, rr, tests, ci)
	}
	return testsOrChecks(e, rr, tests, ci)
}

// ciVerdict is what the head commit's CI says: the required checks' judgement, or with none
// required at class B or C, whether any other check went red. An empty status: nothing to say.
type ciVerdict struct {
	status Status
	reason string
	todo   Todo
	red    []Check
}

func judgeCI(e *evaluation, checks []Check) ciVerdict {
	head := e.snap.HeadSHA()
	if len(checks) > 0 {
		return judgeChecks(checks, head)
	}
	if e.class.Rank() < ClassB.Rank() {
		return ciVerdict{}
	}
	red := redChecks(e.snap)
	if len(red) == 0 {
		return ciVerdict{}
	}
	return ciVerdict{
		status: StatusFail,
		reason: fmt.Sprintf("%s did not succeed on %s; with no required checks configured, any red check fails class %s test evidence.",
			prose.JoinAnd(CheckNames(red)), snapshot.ShortSHA(head), e.class),
		todo: todo(Action{Who: theAuthor, Do: DoFixChecks, Checks: red, Commit: head}),
		red:  red,
	}
}

func testsOrChecks(e *evaluation, rr RuleResult, tests []string, ci ciVerdict) RuleResult {
	changed := fmt.Sprintf("%s changed", plural(len(tests), "test file", "test files"))
	switch {
	case ci.status == StatusFail || ci.status == StatusPending:
		rr.Status, rr.Todo = ci.status, []Todo{ci.todo}
		rr.Reason = "No test file changed; " + prose.LowerFirst(ci.reason)
		if len(tests) > 0 {
			rr.Reason = changed + ", but " + prose.LowerFirst(ci.reason)
		}
	case ci.status == StatusPass:
		rr.Status, rr.Reason = StatusPass, ci.reason
		if len(tests) > 0 {
			rr.Reason = changed + ". " + ci.reason
		}
	case len(tests) > 0:
		rr.Status, rr.Reason = StatusPass, changed+"."
	default:
		rr.Status, rr.Reason = StatusFail, "No test file changed, and no required checks are configured."
		rr.Todo = []Todo{todo(Action{Who: theAuthor, Do: DoAddTests, Paths: examplePaths(e)})}
	}
	return rr
}

func testsAndChecks(e *evaluation, rr RuleResult, tests []string, ci ciVerdict) RuleResult {
	source := sourcesNeedingTests(e)
	if len(source) > 0 && len(tests) == 0 {
		rr.Evidence.UntestedSources = filesOf(e.policy.Config, source)
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("Class %s source changed (%s) but no test file did.", e.class, joinAnd(firstN(source, 3)))
		rr.Todo = []Todo{todo(Action{Who: theAuthor, Do: DoAddTests, Class: e.class, Paths: examplePaths(e)})}
		if ci.status == StatusFail {
			rr.Todo = append(rr.Todo, ci.todo)
		}
		return rr
	}
	switch ci.status {
	case "":
		rr.Status, rr.Reason = StatusPass, testsReason(tests, source)
	case StatusPass:
		rr.Status, rr.Reason = StatusPass, testsReason(tests, source)+" "+ci.reason
	default:
		rr.Status, rr.Reason, rr.Todo = ci.status, ci.reason, []Todo{ci.todo}
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

// judgeChecks: any failed check fails; else any unfinished one is pending; else pass. The
// to-do says what to do about the checks that did not pass.
func judgeChecks(checks []Check, head string) ciVerdict {
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
		return ciVerdict{status: StatusFail,
			reason: "Required check " + joinAnd(CheckNames(failed)) + " did not succeed on " + snapshot.ShortSHA(head) + ".",
			todo:   todo(Action{Who: theAuthor, Do: DoFixChecks, Checks: failed, Commit: head})}
	case len(pending) > 0:
		return ciVerdict{status: StatusPending,
			reason: "Waiting for required check " + joinAnd(CheckNames(pending)) + " on " + snapshot.ShortSHA(head) + "." + unreportedHint(pending),
			todo:   waitTodo(pending, head)}
	}
	return ciVerdict{status: StatusPass, reason: fmt.Sprintf("All %s succeeded on %s.", plural(len(checks), "required check", "required checks"), snapshot.ShortSHA(head))}
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
