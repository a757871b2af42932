package evaluation

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
)

// TestOverBudgetFailsClosed: an evaluation that runs out of time is a failing check that says
// why and what to do, never a pass. The policy is built by hand with the pathological glob the
// validator rejects, as the backstop must hold for whatever the validator misses.
func TestOverBudgetFailsClosed(t *testing.T) {
	snap := loadSnap(t, "class-a-pass")
	for i := 0; i < 20; i++ {
		snap.Files = append(snap.Files, &github.CommitFile{Filename: github.String(fmt.Sprintf("%sf%d.go", strings.Repeat("a/", 20), i))})
	}
	p := policyfile.Default()
	p.Config.Systems = []policy.System{{Name: "hostile", Class: policy.ClassA, Paths: []string{strings.Repeat("{a,**/}", 16)}}}

	if _, ok := evaluateWithin(time.Millisecond, p, snap); ok {
		t.Fatal("the hostile evaluation finished within 1 ms; want it over budget")
	}
	if r, ok := evaluateWithin(evaluationBudget, policyfile.Default(), loadSnap(t, "class-a-pass")); !ok || r == nil {
		t.Fatal("an ordinary evaluation ran over budget")
	}

	j := overBudget(snap, time.Millisecond, render.Provenance{Bot: "v0.0.0-test"}, "https://bot.example/x")
	run := j.Outcome.CheckRun
	if j.Kind != KindOverBudget || j.Result != nil || run.Status != "completed" || run.Conclusion != "failure" {
		t.Errorf("judged %s %s/%s; want %s completed/failure", j.Kind, run.Status, run.Conclusion, KindOverBudget)
	}
	if !strings.Contains(run.Summary, "could not be evaluated within 1ms") || !strings.Contains(run.Summary, "Simplify the path patterns") {
		t.Errorf("summary does not say why and what to do:\n%s", run.Summary)
	}
	if c := j.Outcome.Comment; c == nil || c.CreateIfMissing {
		t.Errorf("comment %+v; want an existing comment kept true, none started", c)
	}
}
