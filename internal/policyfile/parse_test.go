package policyfile

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

func TestParseFullConfig(t *testing.T) {
	p, err := LoadFile("testdata/full.yml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Source != "testdata/full.yml" || !p.Configured {
		t.Errorf("Source %q, Configured %v", p.Source, p.Configured)
	}
	c := p.Config
	wantSystems := []policy.System{
		{Name: "dose-calculation", Class: policy.ClassC, Paths: []string{"dose/**", "firmware/dose/**"}},
		{Name: "pump-ui", Class: policy.ClassB, Paths: []string{"ui/**"}},
		{Name: "docs-site", Class: policy.ClassA, Paths: []string{"docs/**", "**/*.md"}},
		{Name: "dose-readme", Class: policy.ClassA, Paths: []string{"dose/README.md"}, WinsOver: []string{"dose-calculation"},
			Justification: "The dose README is user documentation, never built into the pump (hazard analysis HA-2, RISK-31)."},
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"version", c.Version, 1},
		{"default_class", c.DefaultClass, policy.ClassB},
		{"default_class justification", c.DefaultClassJustification, "Every folder of this repository is listed under systems; QA decision QD-3 (2026-02-11)."},
		{"summary_comment", c.SummaryComment, policy.CommentOnFailure},
		{"systems", c.Systems, wantSystems},
		{"requirement_pattern", c.Traceability.RequirementPattern.String(), "(REQ|SRS)-[0-9]+"},
		{"search_in", c.Traceability.SearchIn, []string{"title", "body"}},
		// Labels not set keep their defaults.
		{"labels", c.Traceability.Labels, policy.IssueLabels{Requirement: "requirement", ChangeRequest: "cr", ProblemReport: "problem-report", Approved: "cr-approved"}},
		{"required_teams", c.Reviews.RequiredTeams, []string{"qa"}},
		{"test_paths", c.TestEvidence.TestPaths, []string{"**/*_test.go"}},
		{"source_paths", c.TestEvidence.SourcePaths, defaultConfig().TestEvidence.SourcePaths},
		{"required_checks", c.TestEvidence.RequiredChecks, []string{"build-and-test"}},
		{"risk labels", c.RiskImpact.Labels, []string{"risk/none", "risk/some"}},
		{"record_pattern", c.RiskImpact.RecordPattern.String(), "HAZ-[0-9]+"},
		{"manifests", c.SOUP.Manifests, defaultConfig().SOUP.Manifests},
		{"soup list", c.SOUP.ListPath, "SOUP.md"},
	}
	for _, ck := range checks {
		if !reflect.DeepEqual(ck.got, ck.want) {
			t.Errorf("%s = %#v, want %#v", ck.name, ck.got, ck.want)
		}
	}
}

// TestOverrides checks the merge of overrides onto the bundled class defaults and the
// deviations it reports.
func TestOverrides(t *testing.T) {
	const why = "Two-person team until 2027-Q1; second review in release verification (SOP-12)."
	tests := []struct {
		name       string
		overrides  string
		check      func(map[policy.Class]policy.ClassRules) bool
		deviations []policy.Deviation
	}{
		{
			name:      "tightening needs no justification",
			overrides: "  A:\n    test_evidence: {enforcement: blocking, evidence: tests-and-checks}\n    reviews: {approvals: 2}\n",
			check: func(r map[policy.Class]policy.ClassRules) bool {
				return r[policy.ClassA].TestEvidence() == policy.TestEvidenceRule{Enforcement: policy.Blocking, Evidence: policy.TestsAndChecks} &&
					r[policy.ClassA].Reviews().Approvals == 2
			},
		},
		{
			name:      "a justification on an override that loosens nothing is fine",
			overrides: "  B:\n    reviews: {approvals: 1, justification: \"" + why + "\"}\n",
			check:     func(r map[policy.Class]policy.ClassRules) bool { return r[policy.ClassB].Reviews().Approvals == 1 },
		},
		{
			name:      "a justified loosening is a deviation",
			overrides: "  C:\n    reviews:\n      approvals: 1\n      justification: \"" + why + "\"\n",
			check: func(r map[policy.Class]policy.ClassRules) bool {
				return r[policy.ClassC].Reviews().Approvals == 1 && r[policy.ClassC].Reviews().Independent
			},
			deviations: []policy.Deviation{{Class: policy.ClassC, Rule: policy.RuleReviews, Setting: "approvals", Default: "2", Configured: "1", Justification: why}},
		},
		{
			name: "deviations are ordered by class, rule, then setting",
			overrides: "  C:\n    soup: {enforcement: advisory, justification: sss decided by QA in RISK-1}\n" +
				"    test_evidence: {evidence: tests-or-checks, justification: ttt decided by QA in RISK-1}\n" +
				"    reviews: {require_teams: false, approvals: 1, justification: rrr decided by QA in RISK-1}\n" +
				"    traceability: {require_approved_change_request: false, justification: ccc decided by QA in RISK-1}\n" +
				"  B:\n    risk_impact: {require_record: false, justification: kkk decided by QA in RISK-1}\n",
			check: func(r map[policy.Class]policy.ClassRules) bool {
				return r[policy.ClassC].SOUP().Enforcement == policy.Advisory && !r[policy.ClassB].RiskImpact().RequireRecord
			},
			deviations: []policy.Deviation{
				{Class: policy.ClassB, Rule: policy.RuleRiskImpact, Setting: "require_record", Default: "true", Configured: "false", Justification: "kkk decided by QA in RISK-1"},
				{Class: policy.ClassC, Rule: policy.RuleTraceability, Setting: "require_approved_change_request", Default: "true", Configured: "false", Justification: "ccc decided by QA in RISK-1"},
				{Class: policy.ClassC, Rule: policy.RuleReviews, Setting: "approvals", Default: "2", Configured: "1", Justification: "rrr decided by QA in RISK-1"},
				{Class: policy.ClassC, Rule: policy.RuleReviews, Setting: "require_teams", Default: "true", Configured: "false", Justification: "rrr decided by QA in RISK-1"},
				{Class: policy.ClassC, Rule: policy.RuleTestEvidence, Setting: "evidence", Default: "tests-and-checks", Configured: "tests-or-checks", Justification: "ttt decided by QA in RISK-1"},
				{Class: policy.ClassC, Rule: policy.RuleSOUP, Setting: "enforcement", Default: "blocking", Configured: "advisory", Justification: "sss decided by QA in RISK-1"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("f.yml", []byte("version: 1\noverrides:\n"+tt.overrides))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(p.Rules) {
				t.Errorf("rules = %+v", p.Rules)
			}
			want := tt.deviations
			if want == nil {
				want = []policy.Deviation{}
			}
			if !reflect.DeepEqual(p.Deviations, want) {
				t.Errorf("deviations:\n%+v\nwant:\n%+v", p.Deviations, want)
			}
		})
	}
}

// TestOverridesLeaveOtherClassesAlone guards the copy of the bundled rules: an override of one
// class changes neither another class nor the bundled defaults of later policies.
func TestOverridesLeaveOtherClassesAlone(t *testing.T) {
	p, err := Parse("f.yml", []byte("version: 1\noverrides:\n  A:\n    reviews: {approvals: 3}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Rules[policy.ClassA].Reviews().Approvals != 3 {
		t.Errorf("class A approvals = %d, want 3", p.Rules[policy.ClassA].Reviews().Approvals)
	}
	if !reflect.DeepEqual(Default().Rules, bundledRules) || !reflect.DeepEqual(p.Rules[policy.ClassB], bundledRules[policy.ClassB]) {
		t.Error("an override changed the bundled defaults")
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := LoadFile("testdata/no-such.yml")
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "testdata/no-such.yml") {
		t.Errorf("LoadFile(missing) = %v, want a not-exist error naming the path", err)
	}
	var invalid *ValidationError
	if errors.As(err, &invalid) {
		t.Error("a missing file is not a validation error")
	}
}

func TestNeedsOf(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want Needs
	}{
		{"configured", "version: 1\nrules:\n  reviews:\n    required_teams: [qa, ra]\n  test_evidence:\n    required_checks: [jenkins]\n",
			Needs{Teams: []string{"qa", "ra"}, Checks: []string{"jenkins"}, ApprovedLabel: "approved"}},
		{"not configured", "version: 1\n", Needs{Teams: []string{}, Checks: []string{}, ApprovedLabel: "approved"}},
		{"approver teams are read too", "version: 1\nrules:\n  reviews:\n    required_teams: [qa]\n  traceability:\n    approvers: [qa, ccb]\n    labels: {approved: ccb-approved}\n",
			Needs{Teams: []string{"qa", "ccb"}, Checks: []string{}, ApprovedLabel: "ccb-approved"}},
		{"policy change teams are read too", "version: 1\nrules:\n  reviews:\n    required_teams: [qa]\n  policy_change:\n    required_teams: [qa, regulatory]\n",
			Needs{Teams: []string{"qa", "regulatory"}, Checks: []string{}, ApprovedLabel: "approved"}},
		{"no file: the bundled defaults need nothing", "", Needs{}},
		{"does not parse", "nonsense: [", Needs{}},
		{"invalid elsewhere", "version: 1\ndefault_class: D\nrules:\n  reviews:\n    required_teams: [qa]\n", Needs{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NeedsOf([]byte(tt.yaml)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("NeedsOf = %#v, want %#v", got, tt.want)
			}
		})
	}
}
