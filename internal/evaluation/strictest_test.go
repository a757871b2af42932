package evaluation

import (
	"strconv"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

func headJudgement(number int, base, status, conclusion string) HeadJudgement {
	run := githubio.CheckRunSpec{HeadSHA: "abc1234", Status: status, Conclusion: conclusion, Title: base + " title", Summary: base + " summary", Text: base + " text"}
	return HeadJudgement{Number: number, Base: base, Judgement: Judgement{Outcome: githubio.Outcome{CheckRun: run}}}
}

func TestStrictestNeverShowsTheMoreLenientVerdict(t *testing.T) {
	pass := headJudgement(1, "main", snapshot.StatusCompleted, snapshot.ConclusionSuccess)
	fail := headJudgement(2, "release", snapshot.StatusCompleted, snapshot.ConclusionFailure)
	pending := headJudgement(3, "hotfix", snapshot.StatusInProgress, "")
	draft := headJudgement(4, "next", snapshot.StatusCompleted, snapshot.ConclusionNeutral)
	tests := []struct {
		name           string
		pulls          []HeadJudgement
		unjudged       int
		wantConclusion string // "" for in_progress
		wantShown      string
	}{
		{"alone: its own run, unchanged", []HeadJudgement{pass}, 0, snapshot.ConclusionSuccess, "main"},
		{"failure beats success", []HeadJudgement{pass, fail}, 0, snapshot.ConclusionFailure, "release"},
		{"in any order", []HeadJudgement{fail, pass}, 0, snapshot.ConclusionFailure, "release"},
		{"pending beats success", []HeadJudgement{pass, pending}, 0, "", "hotfix"},
		{"failure beats pending", []HeadJudgement{pending, fail, pass}, 0, snapshot.ConclusionFailure, "release"},
		{"success beats neutral (a draft judged nothing)", []HeadJudgement{draft, pass}, 0, snapshot.ConclusionSuccess, "main"},
		{"the lowest number among equals", []HeadJudgement{headJudgement(9, "b", snapshot.StatusCompleted, snapshot.ConclusionFailure), headJudgement(7, "a", snapshot.StatusCompleted, snapshot.ConclusionFailure)}, 0, snapshot.ConclusionFailure, "a"},
		{"pull requests not judged fail the check", []HeadJudgement{pass, draft}, 3, snapshot.ConclusionFailure, "main"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := Strictest(tt.pulls, tt.unjudged)
			if run.Conclusion != tt.wantConclusion || (run.Status == snapshot.StatusCompleted) != (tt.wantConclusion != "") {
				t.Errorf("check run %s/%s, want conclusion %q", run.Status, run.Conclusion, tt.wantConclusion)
			}
			if !strings.HasPrefix(run.Title, tt.wantShown+" title") || !strings.Contains(run.Summary, tt.wantShown+" summary") || run.Text != tt.wantShown+" text" {
				t.Errorf("shows %q / %q, want the output of the PR into %s", run.Title, run.Text, tt.wantShown)
			}
			if len(tt.pulls) == 1 && tt.unjudged == 0 {
				if run != tt.pulls[0].Outcome.CheckRun {
					t.Errorf("a commit with one pull request got %+v, want its own run", run)
				}
				return
			}
			for _, p := range tt.pulls {
				if !strings.Contains(run.Summary, "| #"+strconv.Itoa(p.Number)+" | `"+p.Base+"` |") {
					t.Errorf("summary does not list #%d into %s:\n%s", p.Number, p.Base, run.Summary)
				}
			}
			if tt.unjudged > 0 && !strings.Contains(run.Summary, "judges at most") {
				t.Errorf("summary does not say why the check fails:\n%s", run.Summary)
			}
		})
	}
}

func TestStrictestIsTheSameWhicheverPullRequestAsks(t *testing.T) {
	a := headJudgement(5, "main", snapshot.StatusCompleted, snapshot.ConclusionSuccess)
	b := headJudgement(6, "release", snapshot.StatusCompleted, snapshot.ConclusionFailure)
	c := headJudgement(7, "hotfix", snapshot.StatusInProgress, "")
	first := Strictest([]HeadJudgement{a, b, c}, 0)
	for _, order := range [][]HeadJudgement{{b, a, c}, {c, b, a}, {c, a, b}} {
		if got := Strictest(order, 0); got != first {
			t.Errorf("order %d,%d,%d gives another check run:\n%+v\nwant\n%+v", order[0].Number, order[1].Number, order[2].Number, got, first)
		}
	}
}
