package policyfile

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// TestBundledPolicies proves policies/class-{a,b,c}.yml parse, and that they say what
// docs/policies.md and the shared context promise, setting by setting.
func TestBundledPolicies(t *testing.T) {
	rules, err := loadBundled()
	if err != nil {
		t.Fatal(err)
	}
	want := map[policy.Class]policy.ClassRules{
		policy.ClassA: {
			policy.RuleTraceability: policy.TraceabilityRule{Enforcement: policy.Blocking},
			policy.RuleReviews:      policy.ReviewsRule{Enforcement: policy.Blocking, Approvals: 1},
			policy.RuleTestEvidence: policy.TestEvidenceRule{Enforcement: policy.Advisory, Evidence: policy.TestsOrChecks},
			policy.RuleRiskImpact:   policy.RiskImpactRule{Enforcement: policy.Blocking},
			policy.RuleSOUP:         policy.SOUPRule{Enforcement: policy.Advisory},
			policy.RulePolicyChange: policy.PolicyChangeRule{Enforcement: policy.Blocking},
		},
		policy.ClassB: {
			policy.RuleTraceability: policy.TraceabilityRule{Enforcement: policy.Blocking},
			policy.RuleReviews:      policy.ReviewsRule{Enforcement: policy.Blocking, Approvals: 1, Independent: true},
			policy.RuleTestEvidence: policy.TestEvidenceRule{Enforcement: policy.Blocking, Evidence: policy.TestsOrChecks},
			policy.RuleRiskImpact:   policy.RiskImpactRule{Enforcement: policy.Blocking, RequireRecord: true},
			policy.RuleSOUP:         policy.SOUPRule{Enforcement: policy.Blocking},
			policy.RulePolicyChange: policy.PolicyChangeRule{Enforcement: policy.Blocking},
		},
		policy.ClassC: {
			policy.RuleTraceability: policy.TraceabilityRule{Enforcement: policy.Blocking, RequireApprovedChangeRequest: true},
			policy.RuleReviews:      policy.ReviewsRule{Enforcement: policy.Blocking, Approvals: 2, Independent: true, RequireCurrentHead: true, RequireTeams: true},
			policy.RuleTestEvidence: policy.TestEvidenceRule{Enforcement: policy.Blocking, Evidence: policy.TestsAndChecks},
			policy.RuleRiskImpact:   policy.RiskImpactRule{Enforcement: policy.Blocking, RequireRecord: true},
			policy.RuleSOUP:         policy.SOUPRule{Enforcement: policy.Blocking},
			policy.RulePolicyChange: policy.PolicyChangeRule{Enforcement: policy.Blocking},
		},
	}
	for _, c := range policy.Classes {
		if !reflect.DeepEqual(rules[c], want[c]) {
			t.Errorf("class %s:\n got %+v\nwant %+v", c, rules[c], want[c])
		}
	}
}

// TestBundledClassFileProblems: a broken bundled file is reported like any policy file, so the
// test above names the line to fix.
func TestBundledClassFileProblems(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"empty", "# class D\n", "x.yml:1:1: class policy: the file is empty; a bundled policy sets every setting"},
		{"incomplete", "soup: {enforcement: blocking}\n", "x.yml:1:1: class policy: traceability.enforcement is missing; a bundled policy sets every setting"},
		{"justification", "soup: {enforcement: blocking, justification: x}\n", `x.yml:1:31: class policy.soup: unknown key "justification"; allowed keys: enforcement`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseClassFile("x.yml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("parsed, want problems")
			}
			if got := problems(t, err); !slices.Contains(got, tt.want) {
				t.Errorf("problems %q do not include %q", got, tt.want)
			}
		})
	}
}

func TestDefault(t *testing.T) {
	p := Default()
	if p.Source != "bundled defaults" || p.Configured || len(p.Deviations) != 0 {
		t.Errorf("Source %q, Configured %v, Deviations %v", p.Source, p.Configured, p.Deviations)
	}
	if !reflect.DeepEqual(p.Rules, bundledRules) {
		t.Errorf("rules = %+v, want the bundled ones", p.Rules)
	}
	c := p.Config
	checks := []struct {
		name      string
		got, want any
	}{
		{"version", c.Version, 1},
		{"default_class", c.DefaultClass, policy.ClassC},
		{"summary_comment", c.SummaryComment, policy.CommentAlways},
		{"systems", c.Systems, []policy.System{}},
		{"requirement_pattern", c.Traceability.RequirementPattern.String(), "REQ-[0-9]+"},
		{"search_in", c.Traceability.SearchIn, []string{"title", "body", "commits", "branch"}},
		{"labels", c.Traceability.Labels, policy.IssueLabels{Requirement: "requirement", ChangeRequest: "change-request", ProblemReport: "problem-report", Approved: "approved"}},
		{"required_teams", c.Reviews.RequiredTeams, []string{}},
		{"test_paths", strings.Join(c.TestEvidence.TestPaths, " "), "**/*_test.go **/test/** **/tests/** **/*_test.py **/test_*.py **/*.test.* **/*.spec.* **/*Test.java **/*Tests.cs"},
		{"source_paths", c.TestEvidence.SourcePaths, []string{"**/*.{go,c,h,cc,cpp,hpp,rs,py,js,jsx,ts,tsx,java,kt,cs,swift,m,mm,rb,php,scala,sql}"}},
		{"required_checks", c.TestEvidence.RequiredChecks, []string{}},
		{"risk labels", c.RiskImpact.Labels, []string{"risk:none", "risk:low", "risk:medium", "risk:high"}},
		{"record_pattern", c.RiskImpact.RecordPattern.String(), "RISK-[0-9]+"},
		{"manifests", strings.Join(c.SOUP.Manifests, " "), "go.mod go.sum package.json package-lock.json requirements*.txt poetry.lock Cargo.toml Cargo.lock pom.xml build.gradle* *.csproj"},
		{"soup list", c.SOUP.ListPath, "docs/soup.md"},
	}
	for _, ck := range checks {
		if !reflect.DeepEqual(ck.got, ck.want) {
			t.Errorf("%s = %#v, want %#v", ck.name, ck.got, ck.want)
		}
	}
}

// TestMinimalConfigIsDefault: a file with only the version gets every default; omitting a key
// never weakens the policy.
func TestMinimalConfigIsDefault(t *testing.T) {
	p, err := Parse("min.yml", []byte("# policy\nversion: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	def := Default()
	if !p.Configured || p.Source != "min.yml" {
		t.Errorf("Configured %v, Source %q", p.Configured, p.Source)
	}
	if !reflect.DeepEqual(p.Config, def.Config) || !reflect.DeepEqual(p.Rules, def.Rules) || len(p.Deviations) != 0 {
		t.Errorf("minimal config differs from the defaults:\n%+v\n%+v", p, def)
	}
}

// TestDefaultValuesAreValid: the documented defaults pass the same validation as a
// configuration, so writing a default out explicitly is always accepted.
func TestDefaultValuesAreValid(t *testing.T) {
	c := defaultConfig()
	config := "version: 1\nrules:\n  test_evidence:\n    test_paths: " + flowList(c.TestEvidence.TestPaths) +
		"\n    source_paths: " + flowList(c.TestEvidence.SourcePaths) +
		"\n  soup:\n    manifests: " + flowList(c.SOUP.Manifests) + "\n"
	p, err := Parse("explicit.yml", []byte(config))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Config, c) {
		t.Errorf("explicit defaults differ:\n%+v\n%+v", p.Config, c)
	}
}

func flowList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = `"` + s + `"`
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
