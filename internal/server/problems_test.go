package server_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
)

// Problem reports (clause 9), end to end through the fake GitHub.

// reports are the problem reports in the repository, open and closed.
func reports(h *harness.Harness) []*github.Issue {
	var out []*github.Issue
	for _, is := range h.GitHub.Issues(owner, repo) {
		if hasLabel(is, "problem-report") {
			out = append(out, is)
		}
	}
	return out
}

func hasLabel(is *github.Issue, name string) bool {
	for _, l := range is.Labels {
		if l.GetName() == name {
			return true
		}
	}
	return false
}

// appComments are the app's comments on an issue that start with marker.
func appComments(h *harness.Harness, number int, marker string) []*github.IssueComment {
	var out []*github.IssueComment
	for _, c := range h.GitHub.Comments(owner, repo, number) {
		if c.GetUser().GetType() == "Bot" && strings.HasPrefix(c.GetBody(), marker) {
			out = append(out, c)
		}
	}
	return out
}

// wantStage checks an issue's one status comment and its one stage label.
func wantStage(t *testing.T, h *harness.Harness, number int, label string) string {
	t.Helper()
	status := appComments(h, number, problem.StatusMarker)
	if len(status) != 1 {
		t.Fatalf("#%d has %d status comments, want 1", number, len(status))
	}
	var stages []string
	for _, is := range h.GitHub.Issues(owner, repo) {
		if is.GetNumber() != number {
			continue
		}
		for _, l := range is.Labels {
			if strings.HasPrefix(l.GetName(), "problem:") {
				stages = append(stages, l.GetName())
			}
		}
	}
	if len(stages) != 1 || stages[0] != label {
		t.Errorf("#%d has stage labels %v, want [%s]; status:\n%s", number, stages, label, status[0].GetBody())
	}
	return status[0].GetBody()
}

// wantOneReport checks that there is exactly one problem report and that it says each of wants.
func wantOneReport(t *testing.T, h *harness.Harness, wants ...string) *github.Issue {
	t.Helper()
	got := reports(h)
	if len(got) != 1 {
		t.Fatalf("%d problem reports, want 1", len(got))
	}
	for _, want := range wants {
		if !strings.Contains(got[0].GetBody(), want) {
			t.Errorf("report lacks %q:\n%s", want, got[0].GetBody())
		}
	}
	return got[0]
}

// mergedDelivery merges a pull request as login and returns its pull_request.closed webhook.
func mergedDelivery(h *harness.Harness, number int, login string) *github.PullRequestEvent {
	h.GitHub.MergePull(owner, repo, number, login)
	return h.GitHub.PullRequestEvent("closed", owner, repo, number, harness.InstallationID)
}

func TestAdminMergeOfAFailingPRFilesOneReport(t *testing.T) {
	h := start(t)
	s := opened(t, h, "class-c-fail")
	closed := mergedDelivery(h, s.Pull.GetNumber(), "admin-alice")
	send(t, h, "pull_request", "merge-1", closed)
	send(t, h, "pull_request", "merge-1", closed) // GitHub redelivers
	r := wantOneReport(t, h, "merged by @admin-alice", "**fail**", "class C", "- **reviews**", "The `IEC 62304` check on the head commit showed: failure")
	if !strings.HasPrefix(r.GetTitle(), "Process deviation: #32 merged") {
		t.Errorf("title %q", r.GetTitle())
	}
	wantStage(t, h, r.GetNumber(), "problem:needs-triage")
}

func TestConcurrentDeliveriesOfOneMergeFileOneReport(t *testing.T) {
	h := startWith(t, harness.Options{Workers: 8})
	s := opened(t, h, "class-c-fail")
	closed := mergedDelivery(h, s.Pull.GetNumber(), "admin-alice")
	h.GitHub.HoldAnswers("GET /repos/{owner}/{repo}/issues", 500*time.Millisecond) // searches close together see the same state
	sendAtOnce(t, h, closed, closed, closed, closed, closed, closed)
	if got := reports(h); len(got) != 1 {
		t.Fatalf("%d problem reports after 6 concurrent deliveries of one merge, want 1", len(got))
	}
}

func TestMergePassingWhenCheckedButFailingAtMergeFilesAReport(t *testing.T) {
	h := start(t)
	s := opened(t, h, "class-c-pass")
	wantOne(t, h, s, "completed", "success", 1)
	// An approval is dismissed after the check said success; no webhook reaches the bot.
	changed := load(t, "class-c-pass")
	changed.Reviews = changed.Reviews[:1]
	h.GitHub.ReplacePull(changed)
	send(t, h, "pull_request", "merge", mergedDelivery(h, s.Pull.GetNumber(), "maya"))
	wantOneReport(t, h, "showed: success", "**fail**") // the check said success, the merge-time verdict fails
}

func TestCompliantMergeFilesNothing(t *testing.T) {
	h := start(t)
	s := opened(t, h, "class-c-pass")
	send(t, h, "pull_request", "merge", mergedDelivery(h, s.Pull.GetNumber(), "maya"))
	if got := reports(h); len(got) != 0 {
		t.Fatalf("%d problem reports for a compliant merge, want none: %s", len(got), got[0].GetBody())
	}
}

func TestNoPolicyNoReports(t *testing.T) {
	h := start(t)
	s := load(t, "not-configured")
	h.GitHub.AddSnapshot(s)
	const site = "website"
	h.GitHub.MergePull(owner, site, s.Pull.GetNumber(), "maya")
	send(t, h, "pull_request", "merge", h.GitHub.PullRequestEvent("closed", owner, site, s.Pull.GetNumber(), harness.InstallationID))
	if got := h.GitHub.Issues(owner, site); len(got) != 0 {
		t.Fatalf("%d issues in a repository without a policy, want none", len(got))
	}
}

func TestDefaultBranchFailuresAreOccurrencesOfOneReport(t *testing.T) {
	h := start(t)
	load(t, "class-c-pass")
	h.GitHub.AddSnapshot(load(t, "class-c-pass")) // the policy on main
	ci := func(sha, conclusion string) {
		run := h.GitHub.AddCheckRun(owner, repo, sha, "build-and-test", conclusion)
		ev := h.GitHub.DefaultBranchCheckRunEvent(owner, repo, run, harness.InstallationID)
		send(t, h, "check_run", "ci-"+sha+conclusion, ev)
		send(t, h, "check_run", "ci-"+sha+conclusion, ev) // redelivered
	}
	ci("aaaa111", "failure")
	ci("bbbb222", "timed_out")
	got := reports(h)
	if len(got) != 1 {
		t.Fatalf("%d problem reports after two failures of one check, want 1", len(got))
	}
	n := got[0].GetNumber()
	occ := appComments(h, n, problem.OccurrencesMarker)
	if len(occ) != 1 || !strings.Contains(occ[0].GetBody(), "2 failures") {
		t.Fatalf("occurrence comments %d, want one saying 2 failures", len(occ))
	}
	ci("cccc333", "success")
	if notes := appComments(h, n, problem.PassingAgainMarker("cccc333")); len(notes) != 1 || !strings.Contains(notes[0].GetBody(), "Verify the fix (9.7)") {
		t.Fatalf("%d passing-again notes, want one asking for verification", len(notes))
	}
	// Another check, not counted, fails: no report.
	other := h.GitHub.AddCheckRun(owner, repo, "dddd444", "lint", "failure")
	send(t, h, "check_run", "lint", h.GitHub.DefaultBranchCheckRunEvent(owner, repo, other, harness.InstallationID))
	if got := reports(h); len(got) != 1 {
		t.Fatalf("%d reports after a check that is not counted failed, want still 1", len(got))
	}
}

func TestProblemReportCommand(t *testing.T) {
	h := start(t)
	s := opened(t, h, "class-c-pass")
	n := s.Pull.GetNumber()
	h.GitHub.SetPermission(owner, repo, "maya", "write")
	h.GitHub.SetPermission(owner, repo, "rita", "read")

	refused := h.GitHub.AddComment(owner, repo, n, "rita", "/problem-report The alarm is silent")
	send(t, h, "issue_comment", "cmd-rita", h.GitHub.IssueCommentEvent("created", owner, repo, n, refused, harness.InstallationID))
	send(t, h, "issue_comment", "cmd-rita", h.GitHub.IssueCommentEvent("created", owner, repo, n, refused, harness.InstallationID))
	if got := reports(h); len(got) != 0 {
		t.Fatalf("a command from a reader filed %d reports", len(got))
	}
	if replies := appComments(h, n, problem.CommandReplyMarker(refused.GetID())); len(replies) != 1 || !strings.Contains(replies[0].GetBody(), "only people with write access") {
		t.Fatalf("%d refusals, want one naming who may", len(replies))
	}

	asked := h.GitHub.AddComment(owner, repo, n, "maya", "/problem-report The alarm is silent on low battery\nSeen on pump 7 during the night shift.")
	ev := h.GitHub.IssueCommentEvent("created", owner, repo, n, asked, harness.InstallationID)
	send(t, h, "issue_comment", "cmd-maya", ev)
	send(t, h, "issue_comment", "cmd-maya", ev)
	got := reports(h)
	if len(got) != 1 || got[0].GetTitle() != "The alarm is silent on low battery" || !strings.Contains(got[0].GetBody(), "Seen on pump 7") || !strings.Contains(got[0].GetBody(), asked.GetHTMLURL()) {
		t.Fatalf("reports %v, want one titled from the command that links back", got)
	}
	replies := appComments(h, n, problem.CommandReplyMarker(asked.GetID()))
	if len(replies) != 1 || !strings.Contains(replies[0].GetBody(), got[0].GetHTMLURL()) {
		t.Fatalf("%d replies, want one linking the report", len(replies))
	}
	wantStage(t, h, got[0].GetNumber(), "problem:needs-triage")
}

const handFiled = `### What happened and how to reproduce it

The bolus screen shows 0.0 ml for 0.04 ml doses.

### Type

_No response_

### Software systems and classes

_No response_

### Affected versions

_No response_

### Criticality

_No response_
`

func TestReportFiledByHandCompletedStepByStep(t *testing.T) {
	h := start(t)
	s := load(t, "class-c-fail")
	h.GitHub.AddSnapshot(s)
	report := h.GitHub.FileIssue(owner, repo, "nora", "Bolus screen rounds to zero", handFiled, "problem-report")
	n := report.GetNumber()
	s.Pull.Body = github.String(fmt.Sprintf("Fixes #%d\n\nRISK-3", n)) // the fixing pull request
	h.GitHub.ReplacePull(s)
	event := func(action string) {
		send(t, h, "issues", fmt.Sprintf("%s-%d", action, time.Now().UnixNano()), h.GitHub.IssuesEvent(action, owner, repo, n, harness.InstallationID))
	}
	event("opened")
	if status := wantStage(t, h, n, "problem:needs-triage"); !strings.Contains(status, "**Type** (9.1): missing") {
		t.Errorf("status does not ask for the type:\n%s", status)
	}
	body := strings.NewReplacer("### Type\n\n_No response_", "### Type\n\ncorrective",
		"### Software systems and classes\n\n_No response_", "### Software systems and classes\n\npump-ui (class B)",
		"### Affected versions\n\n_No response_", "### Affected versions\n\nv2.3.0",
		"### Criticality\n\n_No response_", "### Criticality\n\nsafety").Replace(handFiled)
	h.GitHub.EditIssue(owner, repo, n, body, "")
	event("edited")
	if status := wantStage(t, h, n, "problem:investigating"); !strings.Contains(status, "**Risk record IDs**") {
		t.Errorf("safety criticality does not ask for a risk record:\n%s", status)
	}
	body += "\n### Root cause\n\nInteger division.\n\n### Relevance to safety\n\nUnder-dosing.\n\n### Risk record IDs\n\nRISK-3\n"
	h.GitHub.EditIssue(owner, repo, n, body, "")
	event("edited")
	wantStage(t, h, n, "problem:investigating")

	send(t, h, "pull_request", "fix-merged", mergedDelivery(h, s.Pull.GetNumber(), "maya"))
	wantStage(t, h, n, "problem:fix-merged")
	if notes := appComments(h, n, problem.FixMarker(s.Pull.GetNumber())); len(notes) != 1 {
		t.Fatalf("%d fix-merged notes, want 1", len(notes))
	}
	h.GitHub.EditIssue(owner, repo, n, body+"\n### Verification\n\nTestBolusRounding passes on main at v2.3.1.\n", "")
	event("edited")
	wantStage(t, h, n, "problem:verified")
	h.GitHub.EditIssue(owner, repo, n, "", "closed")
	event("closed")
	wantStage(t, h, n, "problem:verified")
}

func TestIncompleteCloseIsLabelledAndReopenedWhenAsked(t *testing.T) {
	h := start(t)
	s := load(t, "class-c-pass")
	s.Config = append(s.Config, []byte("problem_reports:\n  reopen_incomplete: true\n")...)
	h.GitHub.AddSnapshot(s)
	report := h.GitHub.FileIssue(owner, repo, "nora", "Pump beeps twice", handFiled, "problem-report")
	n := report.GetNumber()
	h.GitHub.EditIssue(owner, repo, n, "", "closed")
	closed := h.GitHub.IssuesEvent("closed", owner, repo, n, harness.InstallationID)
	send(t, h, "issues", "closed", closed)
	send(t, h, "issues", "closed", closed)
	notes := appComments(h, n, "<!-- iec62304-bot:closed-incomplete ")
	if len(notes) != 1 || !strings.Contains(notes[0].GetBody(), "**Verification** (9.7)") {
		t.Fatalf("%d closed-incomplete notes, want one naming what is missing", len(notes))
	}
	var state string
	for _, is := range h.GitHub.Issues(owner, repo) {
		if is.GetNumber() == n {
			state = is.GetState()
		}
	}
	if state != "open" {
		t.Errorf("the report is %s, want reopened", state)
	}
}

// Who approved a change request is read from the issue's events, never from the webhook's
// sender: the requester's own approval does not count, even when the delivery names someone
// else; someone else's, added after, does, and is reported as given while a part is missing.
func TestChangeRequestStatus(t *testing.T) {
	h := start(t)
	h.GitHub.AddSnapshot(load(t, "class-c-pass"))
	cr := h.GitHub.FileIssue(owner, repo, "ann", "Faster bolus", "### What is to change and why\n\nBolus at 2 ml/min.\n\n### Software systems and classes\n\ndose-calculation (C)\n\n### Impact on safety\n\nrisk:high\n", "change-request")
	n := cr.GetNumber()
	send(t, h, "issues", "opened", h.GitHub.IssuesEvent("opened", owner, repo, n, harness.InstallationID))
	status := func() string {
		t.Helper()
		got := appComments(h, n, problem.StatusMarker)
		if len(got) != 1 {
			t.Fatalf("%d status comments on the change request, want 1", len(got))
		}
		return got[0].GetBody()
	}

	own := h.GitHub.LabelIssue(owner, repo, n, "ann", "approved", true, harness.InstallationID)
	own.Sender = &github.User{Login: github.String("quinn"), Type: github.String("User")} // the sender is not who labelled
	send(t, h, "issues", "labeled-by-ann", own)
	if body := status(); !strings.Contains(body, "approved by the requester @ann") || strings.Contains(body, "@quinn") {
		t.Errorf("status does not refuse the requester's own approval:\n%s", body)
	}

	send(t, h, "issues", "unlabeled-by-quinn", h.GitHub.LabelIssue(owner, repo, n, "quinn", "approved", false, harness.InstallationID))
	send(t, h, "issues", "labeled-by-quinn", h.GitHub.LabelIssue(owner, repo, n, "quinn", "approved", true, harness.InstallationID))
	if body := status(); !strings.Contains(body, "approved while 1 required parts are missing") || !strings.Contains(body, "labelled by @quinn") {
		t.Errorf("status does not report quinn's approval, given while a risk record is missing:\n%s", body)
	}
}

func TestMergeUnderABrokenPolicyFilesAReport(t *testing.T) {
	h := start(t)
	s := opened(t, h, "broken-config")
	send(t, h, "pull_request", "merge", mergedDelivery(h, s.Pull.GetNumber(), "maya"))
	wantOneReport(t, h, "**broken policy**", "The policy file did not validate")
}

// The merge-time evaluation is kept in the audit trail with the trigger merge, once however
// often GitHub delivers the merge: it is the record a release judges the change by.
func TestMergeIsRecordedOnceInTheAuditTrail(t *testing.T) {
	url := "sqlite://" + filepath.Join(t.TempDir(), "bot.db")
	h := startWith(t, harness.Options{DatabaseURL: url})
	s := opened(t, h, "class-c-fail")
	closed := mergedDelivery(h, s.Pull.GetNumber(), "admin-alice")
	send(t, h, "pull_request", "merge-1", closed)
	send(t, h, "pull_request", "merge-2", closed) // a redelivery under a new ID, as "Redeliver" sends it
	report := wantOneReport(t, h)
	if err := h.Stop(); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	db, kind, closeDB, err := queue.OpenSQL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	store := records.New(db, records.Dialect(kind))
	history, err := store.History(ctx, owner+"/"+repo, s.Pull.GetNumber())
	if err != nil {
		t.Fatal(err)
	}
	var merges []records.Record
	for _, r := range history {
		if r.Trigger == records.TriggerMerge {
			merges = append(merges, r)
		}
	}
	if len(merges) != 1 {
		t.Fatalf("%d merge records among %d, want 1", len(merges), len(history))
	}
	m := merges[0]
	wantWritten := fmt.Sprintf("problem report #%d filed", report.GetNumber())
	if m.Verdict != "fail" || m.HeadSHA != s.HeadSHA() || len(m.Written) != 1 || m.Written[0] != wantWritten || m.DeliveryID != "merge-1" {
		t.Errorf("merge record %+v, want verdict fail at %s, written [%s], caused by delivery merge-1", m, s.HeadSHA(), wantWritten)
	}
	atMerge, ok, err := store.AtMerge(ctx, owner+"/"+repo, s.Pull.GetNumber(), time.Now())
	if err != nil || !ok || atMerge.ID != m.ID {
		t.Errorf("the release record judges the merge by record %d (%v, %v), want the merge record %d", atMerge.ID, ok, err, m.ID)
	}
}
