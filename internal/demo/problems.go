package demo

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// The second part of the story: problem reports (IEC 62304 clause 9), on the repository the
// pull requests above left behind.

// reportStep is one thing that happens, the webhooks it causes, and the check of what GitHub
// then shows; check returns what went wrong, or "".
type reportStep struct {
	title string
	act   func(ctx context.Context, d *reportDemo) error
	want  string
	check func(d *reportDemo) string
}

type reportDemo struct {
	h      *harness.Harness
	branch *mainBranch
	// commandReport is the report the /problem-report step filed, fixed by the last step.
	commandReport int
}

var reportStory = []reportStep{
	{title: "An admin merges PR #102 although its IEC 62304 check failed (merged past branch protection)",
		act: func(ctx context.Context, d *reportDemo) error {
			d.branch.merge(102, "admin-alice")
			return d.send(ctx, "pull_request", "merge-102", d.h.GitHub.PullRequestEvent("closed", owner, repo, 102, harness.InstallationID))
		},
		want: "one problem report: who merged what, the unmet rules, needs triage",
		check: func(d *reportDemo) string {
			return d.wantReports(1, "Process deviation: #102", "problem:needs-triage")
		}},
	{title: "CI fails on the default branch twice (build-and-test on two commits of main)",
		act: func(ctx context.Context, d *reportDemo) error {
			for i, sha := range []string{"5ca1ab1e000000000000000000000000000000a1", "5ca1ab1e000000000000000000000000000000b2"} {
				run := d.h.GitHub.AddCheckRun(owner, repo, sha, "build-and-test", "failure")
				if err := d.send(ctx, "check_run", fmt.Sprintf("ci-main-%d", i), d.h.GitHub.DefaultBranchCheckRunEvent(owner, repo, run, harness.InstallationID)); err != nil {
					return err
				}
			}
			return nil
		},
		want: "one report for the check, its occurrences comment lists 2 failures",
		check: func(d *reportDemo) string {
			if msg := d.wantReports(2, "Check build-and-test fails on main", "problem:needs-triage"); msg != "" {
				return msg
			}
			if occ := d.comments(d.newest().GetNumber(), problem.OccurrencesMarker); len(occ) != 1 || !strings.Contains(occ[0], "2 failures") {
				return fmt.Sprintf("%d occurrences comments, want one with 2 failures", len(occ))
			}
			return ""
		}},
	{title: "A maintainer comments \"/problem-report Bolus limit ignored after a restart\" on PR #101",
		act: func(ctx context.Context, d *reportDemo) error {
			d.h.GitHub.SetPermission(owner, repo, "maya", "maintain")
			c := d.h.GitHub.AddComment(owner, repo, 101, "maya", "/problem-report Bolus limit ignored after a restart\nSeen on the bench pump after a power cycle.")
			return d.send(ctx, "issue_comment", "command-101", d.h.GitHub.IssueCommentEvent("created", owner, repo, 101, c, harness.InstallationID))
		},
		want: "one report titled from the command, and a reply on #101 linking it",
		check: func(d *reportDemo) string {
			if msg := d.wantReports(3, "Bolus limit ignored after a restart", "problem:needs-triage"); msg != "" {
				return msg
			}
			d.commandReport = d.newest().GetNumber()
			if replies := d.comments(101, "<!-- iec62304-bot:command-reply "); len(replies) != 1 {
				return fmt.Sprintf("%d replies on #101, want 1", len(replies))
			}
			return ""
		}},
	{title: "PR #104, which says \"Fixes #<that report>\", is merged",
		act: func(ctx context.Context, d *reportDemo) error {
			snap, err := loadState("pr-104-second-review")
			if err != nil {
				return err
			}
			snap.Pull.Body = github.String(snap.Pull.GetBody() + fmt.Sprintf("\nFixes #%d", d.commandReport))
			d.h.GitHub.ReplacePull(snap)
			d.branch.merge(104, "maya")
			return d.send(ctx, "pull_request", "merge-104", d.h.GitHub.PullRequestEvent("closed", owner, repo, 104, harness.InstallationID))
		},
		want: "the report moves to problem:fix-merged and asks for verification; no new report",
		check: func(d *reportDemo) string {
			if n := len(d.reports()); n != 3 {
				return fmt.Sprintf("%d reports, want still 3", n)
			}
			if got := d.stage(d.commandReport); got != "problem:fix-merged" {
				return fmt.Sprintf("the report is %s, want problem:fix-merged", got)
			}
			return ""
		}},
}

// playReports plays the problem-report story and says whether every step ended as expected.
func playReports(ctx context.Context, h *harness.Harness, branch *mainBranch, w io.Writer) error {
	fmt.Fprintln(w, "\nProblem reports (clause 9): the bot files them as issues and keeps them complete.")
	d := &reportDemo{h: h, branch: branch}
	passed := 0
	for i, st := range reportStory {
		fmt.Fprintf(w, "\n[P%d/%d] %s\n", i+1, len(reportStory), st.title)
		h.GitHub.ResetCalls()
		if err := st.act(ctx, d); err != nil {
			return fmt.Errorf("problem-report step %d (%s): %w", i+1, st.title, err)
		}
		if r := d.newest(); r != nil {
			fmt.Fprintf(w, "  report     #%d %q [%s]\n", r.GetNumber(), r.GetTitle(), labelNames(r))
			if status := d.comments(r.GetNumber(), problem.StatusMarker); len(status) == 1 {
				fmt.Fprintf(w, "  status     %s\n", firstLine(status[0]))
			}
		}
		if msg := st.check(d); msg != "" {
			fmt.Fprintf(w, "  result     NOT AS EXPECTED: %s\n", msg)
			continue
		}
		passed++
		fmt.Fprintf(w, "  result     as expected: %s\n", st.want)
	}
	fmt.Fprintf(w, "%d of %d problem-report steps ended as expected.\n", passed, len(reportStory))
	if passed != len(reportStory) {
		return fmt.Errorf("demo: some problem-report steps did not end as expected")
	}
	return nil
}

func (d *reportDemo) send(ctx context.Context, event, delivery string, payload any) error {
	return sendAndWait(ctx, d.h, event, delivery, payload)
}

// sendAndWait sends one webhook and waits until the server has done all it caused.
func sendAndWait(ctx context.Context, h *harness.Harness, event, delivery string, payload any) error {
	if _, err := h.Send(ctx, event, delivery, payload); err != nil {
		return err
	}
	return h.WaitIdle(stepTimeout)
}

func (d *reportDemo) reports() []*github.Issue {
	var out []*github.Issue
	for _, is := range d.h.GitHub.Issues(owner, repo) {
		if strings.Contains(labelNames(is), "problem-report") {
			out = append(out, is)
		}
	}
	return out
}

func (d *reportDemo) newest() *github.Issue {
	r := d.reports()
	if len(r) == 0 {
		return nil
	}
	return r[len(r)-1]
}

func (d *reportDemo) wantReports(n int, title, stage string) string {
	r := d.reports()
	switch {
	case len(r) != n:
		return fmt.Sprintf("%d problem reports, want %d", len(r), n)
	case !strings.HasPrefix(r[n-1].GetTitle(), title):
		return fmt.Sprintf("the new report is %q, want %q", r[n-1].GetTitle(), title)
	case d.stage(r[n-1].GetNumber()) != stage:
		return fmt.Sprintf("the new report is %s, want %s", d.stage(r[n-1].GetNumber()), stage)
	}
	return ""
}

func (d *reportDemo) stage(number int) string {
	for _, is := range d.h.GitHub.Issues(owner, repo) {
		if is.GetNumber() == number {
			for _, l := range is.Labels {
				if strings.HasPrefix(l.GetName(), "problem:") {
					return l.GetName()
				}
			}
		}
	}
	return "no stage"
}

// comments are the bodies of the app's comments on an issue that start with marker.
func (d *reportDemo) comments(number int, marker string) []string {
	var out []string
	for _, c := range d.h.GitHub.Comments(owner, repo, number) {
		if c.GetUser().GetType() == "Bot" && strings.HasPrefix(c.GetBody(), marker) {
			out = append(out, c.GetBody())
		}
	}
	return out
}

func labelNames(is *github.Issue) string {
	names := make([]string, len(is.Labels))
	for i, l := range is.Labels {
		names[i] = l.GetName()
	}
	return strings.Join(names, ", ")
}

// firstLine is a comment's first line after its hidden marker.
func firstLine(body string) string {
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "<!--") {
			return l
		}
	}
	return ""
}
