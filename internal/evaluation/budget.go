package evaluation

import (
	"fmt"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// evaluationBudget bounds the time one evaluation may take. The validator's ceilings on
// pattern complexity keep the costliest valid policy to about a second on 3000 files; the
// budget is the backstop for whatever they miss, so that no policy or pull request holds a
// worker (and every other repository's pull requests) for long.
const evaluationBudget = 10 * time.Second

// KindOverBudget: the evaluation ran out of time and failed closed.
const KindOverBudget Kind = "over_budget"

// evaluateWithin runs policyfile.Evaluate for at most budget, and reports false when time ran
// out. Go cannot stop a running computation: an evaluation over budget finishes in the
// background and its result is dropped, while the worker moves on.
func evaluateWithin(budget time.Duration, p *policy.Policy, snap *snapshot.Snapshot) (*policy.Result, bool) {
	done := make(chan *policy.Result, 1)
	go func() { done <- policyfile.Evaluate(p, snap) }()
	timer := time.NewTimer(budget)
	defer timer.Stop()
	select {
	case r := <-done:
		return r, true
	case <-timer.C:
		return nil, false
	}
}

// overBudget fails the check closed: a verdict nobody finished computing is never a pass.
func overBudget(snap *snapshot.Snapshot, budget time.Duration, prov render.Provenance, detailsURL string) Judgement {
	path := configLabel(snap)
	out := render.CheckRunOutput{
		Title: "Evaluation stopped: over its time budget",
		Summary: fmt.Sprintf("❌ **This pull request could not be evaluated within %s**, so the check fails until it can be.\n\n"+
			"**What to do**\n\n1. Simplify the path patterns in `%s` on the base branch (fewer `{…}` alternatives and `**`), and check it with `iec62304-bot validate %s`.\n"+
			"2. Then push to this pull request, or re-run this check, to evaluate it again.\n", budget, path, path),
		Text: render.ProvenanceSection(prov, snap.HeadSHA()),
	}
	run := checkRun(snap, out, detailsURL)
	run.Status, run.Conclusion = snapshot.StatusCompleted, snapshot.ConclusionFailure
	return Judgement{Kind: KindOverBudget, Outcome: githubio.Outcome{CheckRun: run, Comment: notice(out)}}
}
