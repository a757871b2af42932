package render

import (
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

func result(class policy.Class, statuses ...policy.Status) *policy.Result {
	r := &policy.Result{Class: class, Pull: policy.PullInfo{Repo: "acme/pump", Number: 7, HeadSHA: "1234567890abcdef", Title: "t"}}
	ids := []policy.RuleID{policy.RuleTraceability, policy.RuleReviews, policy.RuleTestEvidence, policy.RuleRiskImpact, policy.RuleSOUP}
	for i, s := range statuses {
		rr := policy.RuleResult{ID: ids[i], Title: string(ids[i]), Clauses: "5.5", Status: s, Reason: "because"}
		if s != policy.StatusPass && s != policy.StatusSkipped {
			rr.Todo = []policy.Todo{{Either: []policy.Action{{Do: policy.ActionKind("do " + string(ids[i]))}}}}
		}
		r.Rules = append(r.Rules, rr)
	}
	r.Verdict = policy.VerdictOf(r.Rules)
	return r
}

func TestTitle(t *testing.T) {
	P, F, W, A, S := policy.StatusPass, policy.StatusFail, policy.StatusPending, policy.StatusAdvisory, policy.StatusSkipped
	tests := []struct {
		name string
		r    *policy.Result
		want string
	}{
		{"all pass", result("B", P, P, P, P, P), "Class B: all 5 rules pass"},
		{"skipped counts as passing", result("B", P, P, P, P, S), "Class B: all 5 rules pass"},
		{"two failing", result("C", F, P, F, W, P), "Class C: 2 of 5 rules failing"},
		{"pending", result("C", P, P, W, P, P), "Class C: 1 of 5 rules pending"},
		{"advisory", result("A", P, P, A, P, A), "Class A: passes; 2 advisory rules not met (does not block class A changes)"},
		{"one advisory", result("A", P, A), "Class A: passes; 1 advisory rule not met (does not block class A changes)"},
		{"a single rule", result("B", P), "Class B: the 1 rule passes"},
		{"a single rule failing", result("B", F), "Class B: 1 of 1 rule failing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Title(tt.r); got != tt.want {
				t.Errorf("Title = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMarkdownOrderAndFixes(t *testing.T) {
	r := result("C", policy.StatusFail, policy.StatusPass, policy.StatusPending, policy.StatusPass, policy.StatusAdvisory)
	md := Markdown(r)
	if !strings.HasPrefix(md, "❌ **Class C: 1 of 5 rules failing**") {
		t.Errorf("verdict is not first:\n%s", md)
	}
	todo, table := strings.Index(md, "**What to do**"), strings.Index(md, "| Rule |")
	if todo < 0 || table < 0 || todo > table {
		t.Errorf("want the fix list before the rule table:\n%s", md)
	}
	for _, want := range []string{"1. traceability: Do traceability.", "2. test-evidence: Do test-evidence.", "**Advisory** (does not block class C changes)", "- soup: Do soup."} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestLongEvidenceFolds(t *testing.T) {
	r := result("C", policy.StatusPass)
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		r.Rules[0].Evidence.RequirementIDs = append(r.Rules[0].Evidence.RequirementIDs, policy.RequirementID{ID: id, FoundIn: "body"})
	}
	if md := Markdown(r); !strings.Contains(md, "<details><summary>Evidence: traceability (6)</summary>") {
		t.Errorf("long evidence not folded:\n%s", md)
	}
}

func TestTruncateStaysValid(t *testing.T) {
	long := "<details><summary>x</summary>\n\n```\n" + strings.Repeat("line of evidence\n", 10000)
	got := truncate(long)
	if len(got) > 65535 {
		t.Fatalf("truncated to %d characters, over GitHub's limit", len(got))
	}
	if strings.Count(got, "```")%2 != 0 || strings.Count(got, "<details>") != strings.Count(got, "</details>") {
		t.Errorf("truncation left an open fence or details block:\n%s", got[len(got)-200:])
	}
	if short := "short"; truncate(short) != short {
		t.Error("short text changed")
	}
}

// A passing pull request makes little noise: the comment is at most three lines besides its
// hidden marker, and the rule table stays in the check run.
func TestPassingCommentIsShort(t *testing.T) {
	P, A := policy.StatusPass, policy.StatusAdvisory
	r := result("A", P, P, A, P, P)
	r.Deviations = []policy.Deviation{{Class: "A", Rule: policy.RuleReviews, Setting: "approvals", Default: "1", Configured: "0", Justification: "x"}}
	got := Comment(r, "https://bot.example/repos/acme/pump/pulls/7")
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(got, CommentMarker+"\n")), "\n")
	if len(lines) > 3 || strings.Contains(got, "| Rule |") {
		t.Errorf("passing comment has %d lines or a table:\n%s", len(lines), got)
	}
	for _, want := range []string{"(does not block class A changes)\nAdvisory, not met: test-evidence.", "reviews.approvals 1 → 0", "(https://bot.example/repos/acme/pump/pulls/7)"} {
		if !strings.Contains(got, want) {
			t.Errorf("passing comment lacks %q:\n%s", want, got)
		}
	}
}

// The classification line is worded from data, so it opens with the verdict's class even when
// unlisted files raised it above every system it names.
func TestClassificationLineOpensWithTheVerdictsClass(t *testing.T) {
	r := result("C", policy.StatusPass)
	r.Classification = policy.Classification{DefaultClass: "B", Systems: []policy.SystemMatch{{Name: "docs-site", Class: "A", Files: []string{"docs/a.md"}}},
		Unclaimed: []string{"x"}, Unseen: 1, Reason: "Class A: touches docs-site (A). the 1 others could be anywhere"}
	want := "Class C: touches docs-site (class A); 1 file in no system takes the default class B; GitHub did not list 1 changed file, which could be in any system, so class C applies."
	if got := classificationLine(r); got != want {
		t.Errorf("classificationLine = %q, want %q", got, want)
	}
}

func TestCommentIsDeterministicAndMarked(t *testing.T) {
	r := result("C", policy.StatusFail, policy.StatusPass)
	a, b := Comment(r, "https://bot.example/repos/acme/pump/pulls/7"), Comment(r, "https://bot.example/repos/acme/pump/pulls/7")
	if a != b {
		t.Error("same result rendered two different comments")
	}
	if !strings.HasPrefix(a, CommentMarker+"\n### IEC 62304: ❌ Class C: 1 of 2 rules failing") {
		t.Errorf("comment does not start with the marker and verdict:\n%s", a)
	}
	if !strings.Contains(a, "(https://bot.example/repos/acme/pump/pulls/7)") {
		t.Errorf("comment lacks the details link:\n%s", a)
	}
}

// An auditor reproduces a verdict from the check run alone: it names the bot's build, the
// policy file's commit and blob, and the head commit.
func TestCheckRunNamesItsProvenance(t *testing.T) {
	r := result("C", policy.StatusPass)
	p := Provenance{Bot: "v1.2.0 (commit 1643b4b)", Policy: PolicyLocation{Path: ".github/iec62304.yml", Source: "acme/pump@main",
		Commit: "42b70c5d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7", Blob: "b82551848c644f63b8517a7bdf8be9a992e6f4da"}}
	want := "**To reproduce this verdict**: policy `.github/iec62304.yml` on `acme/pump@main` at commit `42b70c5d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7` " +
		"(blob `b82551848c644f63b8517a7bdf8be9a992e6f4da`); head commit `1234567890abcdef`; judged by iec62304-bot v1.2.0 (commit 1643b4b).\n"
	if got := CheckRun(r, "", p).Text; !strings.HasSuffix(got, want) {
		t.Errorf("check run text ends\n%s\nwant\n%s", got[max(0, len(got)-300):], want)
	}
	if got := ConfigError(p, []string{"x"}).Text; !strings.Contains(got, "at commit `42b70c5d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7`") {
		t.Errorf("a broken policy's check run does not name its commit:\n%s", got)
	}
}

func TestConfigError(t *testing.T) {
	problem := ".github/iec62304.yml:3:5: systems[0]: class is missing"
	tests := []struct {
		name   string
		loc    PolicyLocation
		title  string
		advice string
	}{
		{"repository policy", PolicyLocation{Path: ".github/iec62304.yml", Source: "acme/pump@main"},
			"Configuration error in .github/iec62304.yml", "base** branch"},
		{"organisation default", PolicyLocation{Path: "iec62304.yml", Source: "acme/.github@main", OrgDefault: true},
			"Configuration error in iec62304.yml", "Fix the problems below in `acme/.github@main`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := ConfigError(Provenance{Policy: tt.loc}, []string{problem})
			if out.Title != tt.title {
				t.Errorf("title = %q, want %q", out.Title, tt.title)
			}
			for _, want := range []string{"```\n" + problem + "\n```", tt.advice, "on `" + tt.loc.Source + "` is invalid", "validate " + tt.loc.Path} {
				if !strings.Contains(out.Summary, want) {
					t.Errorf("summary lacks %q:\n%s", want, out.Summary)
				}
			}
		})
	}
}

func TestNoticeComments(t *testing.T) {
	out := ConfigError(Provenance{Policy: PolicyLocation{Path: ".github/iec62304.yml"}}, []string{"x"})
	if got := Notice(out); !strings.HasPrefix(got, CommentMarker+"\n### IEC 62304: Configuration error in .github/iec62304.yml\n\n❌") {
		t.Errorf("Notice:\n%s", got)
	}
	if got := Disabled(); !strings.HasPrefix(got, CommentMarker) || !strings.Contains(got, "summary_comment: never") {
		t.Errorf("Disabled:\n%s", got)
	}
}

func TestNeutralOutputs(t *testing.T) {
	preview := result("C", policy.StatusFail)
	if out := NotConfigured(".github/iec62304.yml", "main", preview, Provenance{}); !strings.Contains(out.Summary, "version: 1") || !strings.Contains(out.Text, "Preview under the bundled defaults: Class C") {
		t.Errorf("NotConfigured = %+v", out)
	}
	if out := Draft(nil, Provenance{Bot: "v1.2.0"}); !strings.Contains(out.Text, "judged by iec62304-bot v1.2.0") || !strings.Contains(out.Summary, "draft") {
		t.Errorf("Draft(nil, Provenance{}) = %+v", out)
	}
}

// Auditors ask who waived what, and why: every rendering a reviewer or auditor reads names
// each deviation with its justification.
func TestDeviationsAreShownEverywhere(t *testing.T) {
	r := result("C", policy.StatusPass, policy.StatusPass, policy.StatusPass, policy.StatusPass, policy.StatusPass)
	r.PolicySource = ".github/iec62304.yml"
	r.Deviations = []policy.Deviation{{Class: "C", Rule: policy.RuleReviews, Setting: "approvals", Default: "2", Configured: "1",
		Justification: "Two-person team until 2027-Q1 (CAPA-7) | second review at release"}}
	row := "| reviews | approvals | 2 | 1 | Two-person team until 2027-Q1 (CAPA-7) \\| second review at release |"
	for name, got := range map[string]string{
		"markdown":       Markdown(r),
		"comment":        Comment(r, ""),
		"check run text": CheckRun(r, "", Provenance{}).Text,
		"text":           Text(r),
	} {
		want := row
		switch name {
		case "text":
			want = "Deviation: C reviews.approvals 2 -> 1: Two-person team until 2027-Q1 (CAPA-7) | second review at release"
		case "comment": // a passing comment is short: it names the deviation, the check run justifies it
			want = "Justified deviations from the class C defaults: reviews.approvals 2 → 1."
		}
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks the deviation %q:\n%s", name, want, got)
		}
	}
}
