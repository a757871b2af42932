package evaluation

import (
	"slices"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// HeadJudgement is one open pull request's judgement, as one of those whose head is a commit.
type HeadJudgement struct {
	Number int
	Base   string
	Judgement
}

// Strictest decides the one check run GitHub shows on a commit that is the head of every pull
// request in pulls (each judged by its own base branch's policy). It must never be more
// lenient than any of them: it shows the strictest verdict (failure, then pending, then
// success, then neutral; the lowest number among equals, so every evaluation writes the same
// run), and lists them all. unjudged counts those sharing the head that were not judged: the
// check cannot vouch for them, so it fails. Pure.
func Strictest(pulls []HeadJudgement, unjudged int) githubio.CheckRunSpec {
	pulls = slices.Clone(pulls)
	slices.SortFunc(pulls, func(a, b HeadJudgement) int { return a.Number - b.Number })
	if len(pulls) == 1 && unjudged == 0 {
		return pulls[0].Outcome.CheckRun
	}
	shownAt := 0
	rows := make([]render.HeadPull, len(pulls))
	for i, p := range pulls {
		run := p.Outcome.CheckRun
		rows[i] = render.HeadPull{Number: p.Number, Base: p.Base, Status: run.Status, Conclusion: run.Conclusion, Title: run.Title}
		if strictness(run) > strictness(pulls[shownAt].Outcome.CheckRun) {
			shownAt = i
		}
	}
	run := pulls[shownAt].Outcome.CheckRun
	out := render.SharedHead(render.CheckRunOutput{Title: run.Title, Summary: run.Summary, Text: run.Text}, rows, shownAt, unjudged)
	run.Title, run.Summary, run.Text = out.Title, out.Summary, out.Text
	if unjudged > 0 {
		run.Status, run.Conclusion = snapshot.StatusCompleted, snapshot.ConclusionFailure
	}
	return run
}

// strictness orders check run states from the most lenient to the strictest. A neutral run is
// below success: GitHub lets both through a required check, and a neutral one judged nothing.
func strictness(run githubio.CheckRunSpec) int {
	switch {
	case run.Status != snapshot.StatusCompleted:
		return 2
	case run.Conclusion == snapshot.ConclusionSuccess:
		return 1
	case run.Conclusion == snapshot.ConclusionNeutral:
		return 0
	}
	return 3
}
