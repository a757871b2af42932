package policy_test

import (
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
)

const (
	doseFile = "dose/calc.go"
	doseTest = "dose/calc_test.go"
	uiFile   = "ui/screen.ts"
	docFile  = "docs/guide.md"
)

// ruleCase evaluates a pull request and checks one rule's status, with text that must appear
// in its reason, fix or evidence.
type ruleCase struct {
	name   string
	pr     *pr
	extra  string // appended to testConfig
	class  policy.Class
	rule   policy.RuleID
	status policy.Status
	want   string
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			result := policy.Evaluate(testPolicy(tc.extra), tc.pr.s)
			if result.Class != tc.class {
				t.Fatalf("class = %s, want %s (%s)", result.Class, tc.class, result.Classification.Reason)
			}
			rr := ruleOf(t, result, tc.rule)
			text := rr.Reason + "\n" + strings.Join(render.FixLines(rr), "\n") + "\n" + evidenceText(rr)
			if rr.Status != tc.status {
				t.Errorf("%s status = %s, want %s\n%s", tc.rule, rr.Status, tc.status, text)
			}
			if !strings.Contains(text, tc.want) {
				t.Errorf("%s says:\n%s\nwant it to mention %q", tc.rule, text, tc.want)
			}
		})
	}
}

func ruleOf(t *testing.T, r *policy.Result, id policy.RuleID) policy.RuleResult {
	t.Helper()
	for _, rr := range r.Rules {
		if rr.ID == id {
			return rr
		}
	}
	t.Fatalf("no rule %s in result", id)
	return policy.RuleResult{}
}

// evidenceText is the rule's evidence as the reports word it.
func evidenceText(rr policy.RuleResult) string {
	return strings.Join(render.EvidenceLines(rr), "\n")
}

func TestClassification(t *testing.T) {
	// rootScripts is listed before the class C system: its "*.go" must claim Go files at the
	// repository root only, never dose/calc.go by its name.
	const rootScripts = "  - {name: root-scripts, class: A, paths: [\"*.go\"]}\n"
	tests := []struct {
		name         string
		firstSystems string // systems listed before testConfig's own
		pr           *pr
		class        policy.Class
		want         string
	}{
		{"class C system", "", newPR(doseFile, doseTest), policy.ClassC, "touches dose-calculation (C)"},
		{"docs only beside a class C system", "", newPR(docFile), policy.ClassA, "touches docs-site (A)."},
		{"highest class wins", "", newPR(docFile, uiFile), policy.ClassB, "touches pump-ui (B) and docs-site (A); the highest class applies"},
		{"rename out of a class C system", "", newPR().rename("dose/legacy.md", "docs/legacy.md"), policy.ClassC, "dose-calculation (C)"},
		{"unclaimed file takes the default class", "", newPR("Makefile", docFile), policy.ClassC, "1 file is in no system, which takes the default class C"},
		{"no files", "", newPR(), policy.ClassC, "changes no files"},
		{"a glob without a slash matches whole paths", rootScripts, newPR(doseFile, "tool.go"), policy.ClassC, "touches dose-calculation (C) and root-scripts (A)"},
		{"a root file matches a glob without a slash", rootScripts, newPR("tool.go"), policy.ClassA, "touches root-scripts (A)."},
		{"files GitHub did not list make it class C", "", newPR(docFile).counts(3500, 1), policy.ClassC,
			"GitHub lists only the first 1 changed files; the 3499 others could be in any system, so class C applies."},
		{"all files listed: the class stands", "", newPR(docFile).counts(1, 1), policy.ClassA, "touches docs-site (A)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := policyfile.Parse("test.yml", []byte(strings.Replace(testConfig, "systems:\n", "systems:\n"+tt.firstSystems, 1)))
			if err != nil {
				t.Fatal(err)
			}
			r := policy.Evaluate(p, tt.pr.s)
			if r.Class != tt.class || !strings.Contains(r.Classification.Reason, tt.want) {
				t.Errorf("class %s, reason %q; want class %s mentioning %q", r.Class, r.Classification.Reason, tt.class, tt.want)
			}
		})
	}
}

func TestTraceability(t *testing.T) {
	const crBody = "Fixes #14\n\nRISK-3"
	runRuleCases(t, []ruleCase{
		{"ID in body", newPR(doseFile, doseTest), "", policy.ClassC, policy.RuleTraceability, policy.StatusPass, "REQ-12 (body)"},
		{"ID in title", newPR(docFile).body("").title("REQ-9: docs"), "", policy.ClassA, policy.RuleTraceability, policy.StatusPass, "REQ-9 (title)"},
		{"ID in commit message", newPR(docFile).body("").commits(commit(headSHA, "alice", "Docs for REQ-5")), "", policy.ClassA, policy.RuleTraceability, policy.StatusPass, "REQ-5 (commit message)"},
		{"ID in branch", newPR(docFile).body("").branch("req/REQ-77-docs"), "", policy.ClassA, policy.RuleTraceability, policy.StatusPass, "REQ-77 (branch)"},
		{"nothing", newPR(docFile).body(""), "", policy.ClassA, policy.RuleTraceability, policy.StatusFail, "Trace the change to a requirement (an ID matching `REQ-[0-9]+`"},
		{"search restricted to title", newPR(docFile).body("REQ-1"),
			"  traceability:\n    search_in: [title]\n", policy.ClassA, policy.RuleTraceability, policy.StatusFail, "in the title, or `Fixes #N`"},
		{"linked requirement issue", newPR(uiFile).body("Closes #41").issue(41, "requirement"), "", policy.ClassB, policy.RuleTraceability, policy.StatusPass, "#41 (requirement)"},
		{"linked problem report", newPR(uiFile).body("fixes #9").issue(9, "problem-report"), "", policy.ClassB, policy.RuleTraceability, policy.StatusPass, "#9 (problem report)"},
		{"unapproved problem report at C", newPR(doseFile, doseTest).body("fixes #9\n\nRISK-3").issue(9, "problem-report"), "", policy.ClassC, policy.RuleTraceability, policy.StatusFail,
			"#9: problem report without the `approved` label"},
		{"relabelled change request at C", newPR(doseFile, doseTest).body("fixes #9\n\nRISK-3").issue(9, "problem-report", "change-request"), "", policy.ClassC, policy.RuleTraceability, policy.StatusFail,
			"or get #9 approved: it needs the `approved` label, added by someone other than the pull request's author, before a class C change may trace to it."},
		{"approved problem report at C", newPR(doseFile, doseTest).body("fixes #9\n\nRISK-3").issue(9, "problem-report", "approved"), "", policy.ClassC, policy.RuleTraceability, policy.StatusPass,
			"#9 (problem report)"},
		{"unapproved change request at B", newPR(uiFile).body(crBody).issue(14, "change-request"), "", policy.ClassB, policy.RuleTraceability, policy.StatusPass, "#14 (change request)"},
		{"unapproved change request at C", newPR(doseFile, doseTest).body(crBody).issue(14, "change-request"), "", policy.ClassC, policy.RuleTraceability, policy.StatusFail,
			"#14: change request without the `approved` label"},
		{"approved change request at C", newPR(doseFile, doseTest).body(crBody).issue(14, "change-request", "approved"), "", policy.ClassC, policy.RuleTraceability, policy.StatusPass,
			"#14 (approved change request)"},
		{"linked issue missing from snapshot", newPR(uiFile).body("Fixes #99"), "", policy.ClassB, policy.RuleTraceability, policy.StatusFail, "#99: not found"},
		{"linked issue without a label", newPR(uiFile).body("Fixes #5").issue(5, "bug"), "", policy.ClassB, policy.RuleTraceability, policy.StatusFail, "#5: has none of the labels"},
		{"linked issue past the cap never counts", newPR(uiFile).body("Fixes #5, fixes #41").issue(5, "bug").issue(41, "requirement").notRead(41), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusFail, "not read (a pull request's first 50 linked issues are read; these do not count): #41"},
		{"link in a commit message", newPR(uiFile).body("").commits(commit(headSHA, "alice", "Fix layout\n\nResolves #41")).issue(41, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusPass, "#41 (requirement)"},
	})
}

// TestChangeRequestApprover: the approved label counts only when the latest time it was added
// was by someone other than the pull request's author and not a bot (and, with approver teams,
// by a member of one); without the issue's events it does not count.
func TestChangeRequestApprover(t *testing.T) {
	const body = "Fixes #14\n\nRISK-3"
	const qaApprove = "  traceability:\n    approvers: [qa]\n"
	cr := func() *pr { return newPR(doseFile, doseTest).body(body).issue(14, "change-request", "approved") }
	runRuleCases(t, []ruleCase{
		{"approved by someone else", cr(), "", policy.ClassC, policy.RuleTraceability, policy.StatusPass, "#14 (approved change request)"},
		{"approved by the author", cr().events(14, labeled("approved", user("alice"), 1)), "", policy.ClassC, policy.RuleTraceability, policy.StatusFail,
			"#14: the `approved` label was added by @alice, the pull request's author, who cannot approve their own change"},
		{"approved by a bot", cr().events(14, labeled("approved", bot("triage[bot]"), 1)), "", policy.ClassC, policy.RuleTraceability, policy.StatusFail,
			"#14: the `approved` label was added by @triage[bot], a bot"},
		{"the latest labelling decides", cr().events(14, labeled("approved", user("carol"), 1), labeled("approved", user("alice"), 5)), "", policy.ClassC,
			policy.RuleTraceability, policy.StatusFail, "added by @alice, the pull request's author"},
		{"re-added by someone else after the author", cr().events(14, labeled("approved", user("alice"), 1), labeled("approved", user("carol"), 5)), "", policy.ClassC,
			policy.RuleTraceability, policy.StatusPass, "#14 (approved change request)"},
		{"label names match whatever their case", cr().events(14, labeled("Approved", user("carol"), 1)), "", policy.ClassC,
			policy.RuleTraceability, policy.StatusPass, "#14 (approved change request)"},
		{"another label's event says nothing", cr().events(14, labeled("change-request", user("carol"), 1)), "", policy.ClassC,
			policy.RuleTraceability, policy.StatusFail, "who added the `approved` label is unknown"},
		{"no events: fail closed", cr().noEvents(14), "", policy.ClassC, policy.RuleTraceability, policy.StatusFail,
			"#14: who added the `approved` label is unknown (the issue's events were not read), so the approval does not count"},
		{"no events where approval is not required", newPR(uiFile).body(body).issue(14, "change-request", "approved").noEvents(14), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusPass, "#14 (approved change request)"},
		{"an approved problem report by the author", newPR(doseFile, doseTest).body("Fixes #9\n\nRISK-3").issue(9, "problem-report", "approved").events(9, labeled("approved", user("alice"), 1)), "",
			policy.ClassC, policy.RuleTraceability, policy.StatusFail, "added by @alice, the pull request's author"},
		{"approver team member", cr().events(14, labeled("approved", user("quinn"), 1)), qaApprove, policy.ClassC,
			policy.RuleTraceability, policy.StatusPass, "#14 (approved change request)"},
		{"approver outside the team", cr(), qaApprove, policy.ClassC, policy.RuleTraceability, policy.StatusFail,
			"#14: the `approved` label was added by @carol, who is in none of @acme/qa"},
		{"the to-do names the team", cr(), qaApprove, policy.ClassC, policy.RuleTraceability, policy.StatusFail,
			"or get #14 approved: it needs the `approved` label, added by a member of @acme/qa, before a class C change may trace to it."},
		{"approver team unreadable", cr().events(14, labeled("approved", user("quinn"), 1)), "  traceability:\n    approvers: [release]\n", policy.ClassC,
			policy.RuleTraceability, policy.StatusFail, "the members of @acme/release could not be read"},
	})
}

// TestChangeRequestApprovedIncomplete: a change request approved while parts of 8.2.1 are
// missing is reported on the pull request that links it, naming the parts; it still counts
// (the approval is the gate; the parts are read from the issue form's headings). A complete
// one, and one whose approval does not count anyway, say nothing of it.
func TestChangeRequestApprovedIncomplete(t *testing.T) {
	const form = "### What is to change and why\n\nRound half-up.\n\n### Software systems and classes\n\ndose-calculation (C)\n\n### Impact on safety\n\nrisk:high\n"
	const note = "approved while"
	cr := func(body string) *pr {
		return newPR(doseFile, doseTest).body("Fixes #14\n\nRISK-3").issue(14, "change-request", "approved").issueBody(14, body)
	}
	tests := []struct {
		name   string
		pr     *pr
		status policy.Status
		want   []string
		absent string
	}{
		{"complete", cr(form + "\n### Risk record IDs\n\nRISK-3\n"), policy.StatusPass, []string{"#14 (approved change request)"}, note},
		{"a risk record missing", cr(form), policy.StatusPass,
			[]string{"#14 (approved change request); approved while these parts were missing: Risk record IDs (clause 8.2.1 asks for them before approval)"}, ""},
		{"not written as the form", cr("Change control record for dose rounding"), policy.StatusPass,
			[]string{"approved while these parts were missing: What is to change and why, Software systems and classes and Impact on safety"}, ""},
		{"approved by the author: that is the finding", cr("").events(14, labeled("approved", user("alice"), 1)), policy.StatusFail,
			[]string{"added by @alice, the pull request's author"}, note},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr := ruleOf(t, policy.Evaluate(testPolicy(""), tt.pr.s), policy.RuleTraceability)
			text := rr.Reason + "\n" + evidenceText(rr)
			if rr.Status != tt.status {
				t.Errorf("status %s, want %s\n%s", rr.Status, tt.status, text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("says:\n%s\nwant it to mention %q", text, w)
				}
			}
			if tt.absent != "" && strings.Contains(text, tt.absent) {
				t.Errorf("says:\n%s\nwant no %q", text, tt.absent)
			}
		})
	}
}

func TestReviews(t *testing.T) {
	coAuthored := commit(headSHA, "alice", "Round doses\n\nCo-authored-by: Bob Builder <bob@acme.example>")
	bobsCommit := commit(oldSHA, "bob", "First cut")
	runRuleCases(t, []ruleCase{
		{"two independent approvals on head at C", newPR(doseFile, doseTest), "", policy.ClassC, policy.RuleReviews, policy.StatusPass, "2 of 2 required independent approvals on the head commit"},
		{"self-approval never counts", newPR(docFile).noReviews().review("alice", "APPROVED", headSHA), "", policy.ClassA, policy.RuleReviews, policy.StatusFail, "@alice: the pull request's author"},
		{"bot approval never counts", newPR(docFile).noReviews().botReview("dependabot[bot]", "APPROVED"), "", policy.ClassA, policy.RuleReviews, policy.StatusFail, "@dependabot[bot]: a bot"},
		{"co-author is not independent at B", newPR(uiFile).noReviews().review("bob", "APPROVED", headSHA).commits(coAuthored, commit(headSHA, "alice", "x")), "", policy.ClassB,
			policy.RuleReviews, policy.StatusFail, "@bob: co-author of 1111111, not an independent reviewer"},
		{"co-author by noreply email", newPR(uiFile).noReviews().review("bob", "APPROVED", headSHA).commits(commit(headSHA, "alice", "x\n\nCo-authored-by: B <1234+bob@users.noreply.github.com>")), "", policy.ClassB,
			policy.RuleReviews, policy.StatusFail, "@bob: co-author of"},
		{"co-author may approve at A", newPR(docFile).noReviews().review("bob", "APPROVED", headSHA).commits(coAuthored), "", policy.ClassA, policy.RuleReviews, policy.StatusPass, "1 of 1 required approvals"},
		{"committer is not independent", newPR(uiFile).noReviews().review("bob", "APPROVED", headSHA).commits(bobsCommit, commit(headSHA, "alice", "x")), "", policy.ClassB,
			policy.RuleReviews, policy.StatusFail, "@bob: author of 0000000"},
		{"approve then request changes", newPR(uiFile).noReviews().review("bob", "APPROVED", headSHA).review("bob", "CHANGES_REQUESTED", headSHA), "", policy.ClassB,
			policy.RuleReviews, policy.StatusFail, "Address the changes @bob requested, and ask them for a re-review."},
		{"request changes then approve", newPR(uiFile).noReviews().review("bob", "CHANGES_REQUESTED", headSHA).review("bob", "APPROVED", headSHA), "", policy.ClassB,
			policy.RuleReviews, policy.StatusPass, "@bob (on 1111111)"},
		{"a COMMENTED review after an approval keeps it", newPR(uiFile).noReviews().review("bob", "APPROVED", headSHA).review("bob", "COMMENTED", headSHA), "", policy.ClassB,
			policy.RuleReviews, policy.StatusPass, "1 of 1"},
		{"dismissed approval", newPR(uiFile).noReviews().review("bob", "DISMISSED", headSHA), "", policy.ClassB, policy.RuleReviews, policy.StatusFail, "@bob: approval dismissed"},
		{"stale approval at C", newPR(doseFile, doseTest).noReviews().review("quinn", "APPROVED", headSHA).review("bob", "APPROVED", oldSHA), "", policy.ClassC,
			policy.RuleReviews, policy.StatusFail, "@bob: approved 0000000, not the head commit 1111111"},
		{"stale approval counts at B", newPR(uiFile).noReviews().review("bob", "APPROVED", oldSHA), "", policy.ClassB, policy.RuleReviews, policy.StatusPass, "@bob (on 0000000)"},
		{"required team missing at C", newPR(doseFile, doseTest).noReviews().review("bob", "APPROVED", headSHA).review("carol", "APPROVED", headSHA), "", policy.ClassC,
			policy.RuleReviews, policy.StatusFail, "Get an approval from a member of @acme/qa: one more, beyond the approvals the class requires"},
		{"one approval short at C", newPR(doseFile, doseTest).noReviews().review("quinn", "APPROVED", headSHA), "", policy.ClassC,
			policy.RuleReviews, policy.StatusFail, "Get 1 more approval from a reviewer who did not author, co-author or commit to this pull request, on the head commit `1111111`"},
		{"an unlinked commit author is not independent", newPR(uiFile).noReviews().review("quinn", "APPROVED", headSHA).commits(unlinkedCommit(headSHA, "Quinn", "quinn@acme-medical.example", "x")), "", policy.ClassB,
			policy.RuleReviews, policy.StatusFail, "@quinn: author of 1111111, not an independent reviewer"},
		{"an unlinked identity is reported for the auditor", newPR(uiFile).commits(commit(oldSHA, "alice", "x"), unlinkedCommit(headSHA, "Dana Smith", "dana.smith@acme.example", "y")), "", policy.ClassB,
			policy.RuleReviews, policy.StatusPass, "unverified identities: author of 1111111 (Dana Smith <dana.smith@acme.example>) has no GitHub account: checked by name and email only"},
		{"GitHub's web-flow committer excludes nobody", newPR(uiFile).noReviews().review("github", "APPROVED", headSHA).commits(webFlowCommit()), "", policy.ClassB,
			policy.RuleReviews, policy.StatusPass, "@github (on 1111111)"},
		{"GitHub's web-flow committer without an account excludes nobody", newPR(uiFile).noReviews().review("github", "APPROVED", headSHA).commits(withoutCommitterAccount(webFlowCommit())), "", policy.ClassB,
			policy.RuleReviews, policy.StatusPass, "@github (on 1111111)"},
		{"a deleted account's review never counts", newPR(uiFile).noReviews().ghostReview("APPROVED"), "", policy.ClassB,
			policy.RuleReviews, policy.StatusFail, "a review by a deleted account"},
		{"nor one GitHub shows as @ghost", newPR(uiFile).noReviews().review("ghost", "APPROVED", headSHA), "", policy.ClassB,
			policy.RuleReviews, policy.StatusFail, "a review by a deleted account"},
		{"commits GitHub did not list make independence unknowable", newPR(uiFile).counts(1, 300), "", policy.ClassB,
			policy.RuleReviews, policy.StatusFail, "GitHub lists only 1 of the 300 commits, so reviewer independence cannot be checked."},
		{"unlisted commits do not matter where independence is not required", newPR(docFile).counts(1, 300), "", policy.ClassA,
			policy.RuleReviews, policy.StatusPass, "2 approvals, 1 required"},
		{"justified override lowers approvals", newPR(doseFile, doseTest).noReviews().review("quinn", "APPROVED", headSHA),
			"overrides:\n  C:\n    reviews: {approvals: 1, justification: \"Two-person team (SOP-12).\"}\n", policy.ClassC, policy.RuleReviews, policy.StatusPass, "1 of 1"},
	})
}

func TestTestEvidence(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"tests and green checks at C", newPR(doseFile, doseTest), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusPass, "succeeded on 1111111"},
		{"class C source without tests", newPR(doseFile), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusFail, "Class C source changed (dose/calc.go) but no test file did."},
		{"class C without source change needs no tests", newPR("dose/README.txt"), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusPass, "No source file of this class changed."},
		{"pending check at C", newPR(doseFile, doseTest).checks(checkRun("build-and-test", "in_progress", "", 1)), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusPending,
			"`build-and-test` (in_progress)"},
		{"queued check", newPR(doseFile, doseTest).checks(checkRun("build-and-test", "queued", "", 1)), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusPending, "(queued)"},
		{"check not reported yet", newPR(doseFile, doseTest).checks(), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusPending, "(not reported yet)"},
		{"failed check", newPR(doseFile, doseTest).checks(checkRun("build-and-test", "completed", "failure", 1)), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusFail,
			"Fix the failing required check `build-and-test` (failure)"},
		{"re-run replaces a failure", newPR(doseFile, doseTest).checks(checkRun("build-and-test", "completed", "failure", 1), checkRun("build-and-test", "completed", "success", 2)), "",
			policy.ClassC, policy.RuleTestEvidence, policy.StatusPass, "build-and-test: success"},
		{"a test file does not outweigh a red required check at B", newPR(uiFile, "ui/screen.spec.ts").checks(checkRun("build-and-test", "completed", "failure", 1)), "", policy.ClassB, policy.RuleTestEvidence,
			policy.StatusFail, "1 test file changed, but required check `build-and-test` (failure) did not succeed on 1111111."},
		{"a test file does not outweigh a red required check at C", newPR(doseFile, doseTest).checks(checkRun("build-and-test", "completed", "timed_out", 1)), "", policy.ClassC, policy.RuleTestEvidence,
			policy.StatusFail, "Fix the failing required check `build-and-test` (timed_out)"},
		{"a test file does not outweigh a running required check at B", newPR(uiFile, "ui/screen.spec.ts").checks(checkRun("build-and-test", "in_progress", "", 1)), "", policy.ClassB, policy.RuleTestEvidence,
			policy.StatusPending, "1 test file changed, but waiting for required check `build-and-test` (in_progress)"},
		{"tests and a green check at B", newPR(uiFile, "ui/screen.spec.ts"), "", policy.ClassB, policy.RuleTestEvidence,
			policy.StatusPass, "1 test file changed. All 1 required check succeeded"},
		{"a required check spelt as the PR page shows it", newPR(doseFile, doseTest).checks(checkRun("build-and-test", "completed", "success", 1)),
			"    required_checks: [\"ci / build-and-test\"]\n", policy.ClassC, policy.RuleTestEvidence, policy.StatusPending,
			"Checks that did report include `build-and-test`: GitHub names a check run after its job"},
		{"the rename is offered as the alternative", newPR(doseFile, doseTest).checks(checkRun("build-and-test", "completed", "success", 1)),
			"    required_checks: [\"ci / build-and-test\"]\n", policy.ClassC, policy.RuleTestEvidence, policy.StatusPending,
			"or if `ci / build-and-test` never reports, name the check run as GitHub does (`build-and-test` reported)"},
		{"a misspelt required check", newPR(doseFile, doseTest).checks(checkRun("build-and-test", "completed", "success", 1)),
			"    required_checks: [build-and-tests]\n", policy.ClassC, policy.RuleTestEvidence, policy.StatusPending, "include `build-and-test`"},
		{"an unrelated check is not offered", newPR(doseFile, doseTest).checks(checkRun("lint", "completed", "success", 1)), "", policy.ClassC, policy.RuleTestEvidence,
			policy.StatusPending, "Waiting for required check `build-and-test` (not reported yet) on 1111111.\n"},
		{"green checks suffice at B", newPR(uiFile), "", policy.ClassB, policy.RuleTestEvidence, policy.StatusPass, "All 1 required check succeeded"},
		{"pending checks without tests at B", newPR(uiFile).checks(), "", policy.ClassB, policy.RuleTestEvidence, policy.StatusPending, "No test file changed; waiting"},
		{"advisory at A", newPR(docFile).checks(checkRun("build-and-test", "completed", "failure", 1)), "", policy.ClassA, policy.RuleTestEvidence, policy.StatusAdvisory, "failure"},
		{"a deleted test is no evidence", newPR(doseFile).fileWithStatus(doseTest, "removed", 40), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusFail,
			"but no test file did"},
		{"a moved test is no evidence", newPR(doseFile).fileWithStatus("dose/calc2_test.go", "renamed", 0), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusFail,
			"but no test file did"},
		{"a renamed and edited test is evidence", newPR(doseFile).fileWithStatus("dose/calc2_test.go", "renamed", 12), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusPass,
			"1 test file changed"},
		{"test paths match whole paths", newPR(doseFile, doseTest), "    test_paths: [\"*_test.go\"]\n", policy.ClassC, policy.RuleTestEvidence, policy.StatusFail,
			"but no test file did"},
		{"an unchanged test is no evidence", newPR(doseFile).fileWithStatus(doseTest, "unchanged", 0), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusFail,
			"but no test file did"},
		{"an added test is evidence", newPR(doseFile).fileWithStatus(doseTest, "added", 30), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusPass,
			"1 test file changed"},
		{"a copied test is evidence", newPR(doseFile).fileWithStatus(doseTest, "copied", 0), "", policy.ClassC, policy.RuleTestEvidence, policy.StatusPass,
			"1 test file changed"},
		{"a queued re-run listed first still replaces a success", newPR(doseFile, doseTest).checks(notStarted(checkRun("build-and-test", "queued", "", 2)), checkRun("build-and-test", "completed", "success", 1)), "",
			policy.ClassC, policy.RuleTestEvidence, policy.StatusPending, "`build-and-test` (queued)"},
		{"a queued re-run replaces a success", newPR(doseFile, doseTest).checks(checkRun("build-and-test", "completed", "success", 1), notStarted(checkRun("build-and-test", "queued", "", 2))), "",
			policy.ClassC, policy.RuleTestEvidence, policy.StatusPending, "`build-and-test` (queued)"},
		{"a commit status succeeded", newPR(doseFile, doseTest).checks().commitStatus("build-and-test", "success"), "",
			policy.ClassC, policy.RuleTestEvidence, policy.StatusPass, "build-and-test: commit status success"},
		{"a commit status pending", newPR(doseFile, doseTest).checks().commitStatus("build-and-test", "pending"), "",
			policy.ClassC, policy.RuleTestEvidence, policy.StatusPending, "`build-and-test` (commit status pending)"},
		{"a commit status errored", newPR(doseFile, doseTest).checks().commitStatus("build-and-test", "error"), "",
			policy.ClassC, policy.RuleTestEvidence, policy.StatusFail, "`build-and-test` (commit status error)"},
		{"a check run of the name wins over a status", newPR(doseFile, doseTest).commitStatus("build-and-test", "failure"), "",
			policy.ClassC, policy.RuleTestEvidence, policy.StatusPass, "build-and-test: success"},
		{"a run on another commit never counts", newPR(doseFile, doseTest).checks(onCommit(checkRun("build-and-test", "completed", "success", 1), oldSHA)), "",
			policy.ClassC, policy.RuleTestEvidence, policy.StatusPending, "(not reported yet)"},
	})
}

// TestRedCIWithoutRequiredChecks: with no required checks, a class B or C pull request fails
// test evidence on any red check of its head commit, whatever tests changed; the bot's own
// check never counts, and a class A one is not held to it.
func TestRedCIWithoutRequiredChecks(t *testing.T) {
	const noChecks = "    required_checks: []\n"
	runRuleCases(t, []ruleCase{
		{"red check at C", newPR(doseFile, doseTest).checks(checkRun("lint", "completed", "failure", 1)), noChecks, policy.ClassC,
			policy.RuleTestEvidence, policy.StatusFail, "`lint` (failure) did not succeed on 1111111; with no required checks configured, any red check fails class C test evidence."},
		{"red check at B with a test", newPR(uiFile, "ui/screen.spec.ts").checks(checkRun("e2e", "completed", "cancelled", 1)), noChecks, policy.ClassB,
			policy.RuleTestEvidence, policy.StatusFail, "1 test file changed, but `e2e` (cancelled) did not succeed"},
		{"timed out", newPR(uiFile, "ui/screen.spec.ts").checks(checkRun("e2e", "completed", "timed_out", 1)), noChecks, policy.ClassB,
			policy.RuleTestEvidence, policy.StatusFail, "failed checks: e2e: timed_out"},
		{"action required", newPR(uiFile, "ui/screen.spec.ts").checks(checkRun("deploy", "completed", "action_required", 1)), noChecks, policy.ClassB,
			policy.RuleTestEvidence, policy.StatusFail, "Fix the failing required check `deploy` (action_required)"},
		{"a commit status in error", newPR(uiFile, "ui/screen.spec.ts").checks().commitStatus("jenkins", "error"), noChecks, policy.ClassB,
			policy.RuleTestEvidence, policy.StatusFail, "`jenkins` (commit status error)"},
		{"a failed commit status", newPR(uiFile, "ui/screen.spec.ts").checks().commitStatus("jenkins", "failure"), noChecks, policy.ClassB,
			policy.RuleTestEvidence, policy.StatusFail, "`jenkins` (commit status failure)"},
		{"a re-run that succeeded", newPR(uiFile, "ui/screen.spec.ts").checks(checkRun("e2e", "completed", "failure", 1), checkRun("e2e", "completed", "success", 2)), noChecks, policy.ClassB,
			policy.RuleTestEvidence, policy.StatusPass, "1 test file changed."},
		{"neutral and skipped are not red", newPR(uiFile, "ui/screen.spec.ts").checks(checkRun("a", "completed", "neutral", 1), checkRun("b", "completed", "skipped", 2)), noChecks, policy.ClassB,
			policy.RuleTestEvidence, policy.StatusPass, "1 test file changed."},
		{"the bot's own failing check never counts", newPR(uiFile, "ui/screen.spec.ts").checks(checkRun("IEC 62304", "completed", "failure", 1)), noChecks, policy.ClassB,
			policy.RuleTestEvidence, policy.StatusPass, "1 test file changed."},
		{"a red check on another commit does not count", newPR(uiFile, "ui/screen.spec.ts").checks(onCommit(checkRun("e2e", "completed", "failure", 1), oldSHA)), noChecks, policy.ClassB,
			policy.RuleTestEvidence, policy.StatusPass, "1 test file changed."},
		{"class A is not held to other checks", newPR(docFile, "docs/guide_test.go").checks(checkRun("lint", "completed", "failure", 1)), noChecks, policy.ClassA,
			policy.RuleTestEvidence, policy.StatusPass, "1 test file changed."},
		{"tests-and-checks: red check with tests", newPR(doseFile, doseTest).checks(checkRun("lint", "completed", "failure", 1)), noChecks, policy.ClassC,
			policy.RuleTestEvidence, policy.StatusFail, "failed checks: lint: failure"},
		{"tests-and-checks: red check without tests", newPR(doseFile).checks(checkRun("lint", "completed", "failure", 1)), noChecks, policy.ClassC,
			policy.RuleTestEvidence, policy.StatusFail, "Fix the failing required check `lint` (failure)"},
	})
}

func TestTestEvidenceWithoutRequiredChecks(t *testing.T) {
	p := testPolicy("")
	p.Config.TestEvidence.RequiredChecks = nil
	r := policy.Evaluate(p, newPR(uiFile).s)
	if rr := ruleOf(t, r, policy.RuleTestEvidence); rr.Status != policy.StatusFail || !strings.Contains(rr.Reason, "no required checks are configured") {
		t.Errorf("test evidence = %s: %s", rr.Status, rr.Reason)
	}
}

func TestRiskImpact(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"one label with record", newPR(uiFile), "", policy.ClassB, policy.RuleRiskImpact, policy.StatusPass, "`risk:low`, risk record RISK-3."},
		{"no label", newPR(uiFile).labels(), "", policy.ClassB, policy.RuleRiskImpact, policy.StatusFail, "Add exactly one of the labels `risk:none`"},
		{"two labels", newPR(uiFile).labels("risk:low", "risk:high"), "", policy.ClassB, policy.RuleRiskImpact, policy.StatusFail, "2 risk impact labels (`risk:low` and `risk:high`)"},
		{"high without record at C", newPR(doseFile, doseTest).labels("risk:high").body("REQ-1"), "", policy.ClassC, policy.RuleRiskImpact, policy.StatusFail,
			"Add the ID of the risk record you re-assessed"},
		{"high with record at C", newPR(doseFile, doseTest).labels("risk:high"), "", policy.ClassC, policy.RuleRiskImpact, policy.StatusPass, "RISK-3"},
		{"high without record at A", newPR(docFile).labels("risk:high").body("REQ-1"), "", policy.ClassA, policy.RuleRiskImpact, policy.StatusPass, "`risk:high`."},
		{"none needs no record", newPR(uiFile).labels("risk:none").body("REQ-1"), "", policy.ClassB, policy.RuleRiskImpact, policy.StatusPass, "`risk:none`."},
		{"labels match whatever their case", newPR(uiFile).labels("Risk:None").body("REQ-1"), "", policy.ClassB, policy.RuleRiskImpact, policy.StatusPass, "`risk:none`."},
		{"unrelated labels ignored", newPR(uiFile).labels("enhancement", "risk:none"), "", policy.ClassB, policy.RuleRiskImpact, policy.StatusPass, "`risk:none`"},
	})
}

func TestSOUP(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"no manifest", newPR(uiFile), "", policy.ClassB, policy.RuleSOUP, policy.StatusSkipped, "No dependency manifest changed."},
		{"manifest without list at B", newPR(uiFile, "package.json"), "", policy.ClassC, policy.RuleSOUP, policy.StatusFail, "Update `docs/soup.md` in this pull request"},
		{"manifest in a subfolder", newPR(uiFile, "ui/package.json"), "", policy.ClassB, policy.RuleSOUP, policy.StatusFail, "`ui/package.json` changed but `docs/soup.md` did not."},
		{"manifest with list", newPR(uiFile, "ui/package.json", "docs/soup.md"), "", policy.ClassB, policy.RuleSOUP, policy.StatusPass, "was updated"},
		{"advisory at A", newPR(docFile, "docs/requirements.txt"), "", policy.ClassA, policy.RuleSOUP, policy.StatusAdvisory, "docs/requirements.txt"},
	})
}

func TestVerdictAndDeviations(t *testing.T) {
	justified := "overrides:\n  C:\n    reviews: {approvals: 1, justification: \"Two-person team (SOP-12).\"}\n"
	tests := []struct {
		name       string
		pr         *pr
		extra      string
		verdict    policy.Verdict
		deviations int
	}{
		{"all pass", newPR(doseFile, doseTest), "", policy.VerdictPass, 0},
		{"one blocking failure fails", newPR(doseFile, doseTest).labels(), "", policy.VerdictFail, 0},
		{"pending without failures", newPR(doseFile, doseTest).checks(), "", policy.VerdictPending, 0},
		{"failure beats pending", newPR(doseFile, doseTest).checks().labels(), "", policy.VerdictFail, 0},
		{"advisory never blocks", newPR(docFile, "docs/requirements.txt").checks(), "", policy.VerdictPass, 0},
		{"deviation reported for its class", newPR(doseFile, doseTest), justified, policy.VerdictPass, 1},
		{"deviation of another class not reported", newPR(docFile), justified, policy.VerdictPass, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := policy.Evaluate(testPolicy(tt.extra), tt.pr.s)
			if r.Verdict != tt.verdict || len(r.Deviations) != tt.deviations {
				t.Errorf("verdict %s with %d deviations, want %s with %d", r.Verdict, len(r.Deviations), tt.verdict, tt.deviations)
			}
			if len(r.Rules) != 5 {
				t.Errorf("%d rules, want 5", len(r.Rules))
			}
		})
	}
}
