package details

import (
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
)

var at = time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)

func result(verdict policy.Verdict) *policy.Result {
	return &policy.Result{
		Pull:  policy.PullInfo{Repo: "acme/pump", Number: 7, Title: `Dose <script>alert(1)</script>`, URL: "https://github.com/acme/pump/pull/7"},
		Class: policy.ClassC, Verdict: verdict, PolicySource: ".github/iec62304.yml",
		Classification: policy.Classification{DefaultClass: policy.ClassC, Reason: "Class C: touches dose-calculation (C).",
			Systems: []policy.SystemMatch{{Name: "dose-calculation", Class: policy.ClassC, Files: []string{"dose/calc.go"}}}, Unclaimed: []string{"README.md"}},
		Rules: []policy.RuleResult{{ID: "reviews", Title: "Code review", Clauses: "5.5", Status: policy.StatusFail, Blocking: true,
			Reason: "1 of 2 independent approvals.", Evidence: policy.Evidence{Reviewers: []policy.Reviewer{
				{Login: "erin", State: "APPROVED", Commit: "1643b4b2", Counts: true},
				{Login: "dan", State: "APPROVED", Commit: "42b70c5a", Problem: policy.ReviewContributor, Contribution: &policy.Contribution{Role: "co-author", Commit: "9f0e1d2c"}}}}}},
		Deviations: []policy.Deviation{{Class: policy.ClassC, Rule: "reviews", Setting: "approvals", Default: "2", Configured: "1", Justification: "QA board decision QB-12: pair programming counts as review"}},
	}
}

func history() []records.Record {
	rec := func(sha string, minutes int, trigger records.Trigger, v policy.Verdict) records.Record {
		return records.Record{ID: int64(minutes), Repo: "acme/pump", Number: 7, HeadSHA: sha, At: at.Add(time.Duration(minutes) * time.Minute),
			Trigger: trigger, BotVersion: "v1.2.3", PolicyRef: "3c1e9a0b7", Class: "C", Verdict: string(v), Result: result(v), Written: []string{"check run updated"}}
	}
	return []records.Record{rec("aaaaaaa1", 0, records.TriggerDelivery, policy.VerdictPending), rec("aaaaaaa1", 5, records.TriggerDelivery, policy.VerdictFail),
		rec("bbbbbbb2", 9, records.TriggerReconciler, policy.VerdictFail)}
}

func TestPageShowsVerdictDerivationEvidenceAndHistory(t *testing.T) {
	p, ok := NewPull("acme/pump", 7, "erin", history())
	if !ok {
		t.Fatal("no page for a pull request with records")
	}
	if len(p.Heads) != 2 || p.Heads[0].SHA != "bbbbbbb2" || len(p.Heads[1].Records) != 2 {
		t.Fatalf("heads = %+v; want the newest head first, each with its records", p.Heads)
	}
	out, err := HTML(p)
	if err != nil {
		t.Fatal(err)
	}
	page := string(out)
	for _, want := range []string{
		`<strong>Fails</strong>: class C policy, head <code>bbbbbbb</code>`, `id="class"`, `<td><code>dose/calc.go</code></td><td>dose-calculation</td><td>C</td>`,
		`<td><code>README.md</code></td><td class="muted">no system</td>`, `id="rule-reviews"`, `no: not-independent (co-author of <code>9f0e1d2</code>)`,
		`QA board decision QB-12`, `id="head-aaaaaaa1"`, `from <code>3c1e9a0b7</code>`, `signed in as <code>erin</code>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>alert") {
		t.Error("a title from GitHub reached the page unescaped")
	}
}

func TestNoRecordsNoPage(t *testing.T) {
	if _, ok := NewPull("acme/pump", 7, "erin", nil); ok {
		t.Fatal("a page for a pull request the bot never evaluated")
	}
}
