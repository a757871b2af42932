package policyfile

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

var update = flag.Bool("update", false, "rewrite golden files")

func problems(t *testing.T, err error) []string {
	t.Helper()
	var invalid *ValidationError
	if !errors.As(err, &invalid) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	out := make([]string, len(invalid.Problems))
	for i, p := range invalid.Problems {
		out[i] = p.String()
	}
	return out
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"empty file", "", []string{`f.yml:1:1: the file is empty: start with "version: 1"`}},
		{"only comments", "# nothing\n", []string{`f.yml:1:1: the file is empty: start with "version: 1"`}},
		{"missing version", "default_class: B\n", []string{`f.yml:1:1: version is missing: add "version: 1" as the first line`}},
		{"unknown version", "version: 2\n", []string{"f.yml:1:10: version: unknown version 2; this bot understands version 1"}},
		{"version not a number", "version: one\n", []string{`f.yml:1:10: version: want a whole number, got "one"`}},
		{"typo with suggestion", "version: 1\ndefault_clas: B\n",
			[]string{`f.yml:2:1: policy: unknown key "default_clas" (did you mean "default_class"?); allowed keys: version, default_class, summary_comment, systems, rules, overrides`}},
		{"unknown class", "version: 1\ndefault_class: D\n", []string{`f.yml:2:16: default_class: unknown safety class "D"; want A, B or C`}},
		{"bad summary_comment", "version: 1\nsummary_comment: sometimes\n",
			[]string{`f.yml:2:18: summary_comment: unknown value "sometimes"; want always, on-failure or never`}},
		{"systems not a list", "version: 1\nsystems: dose\n", []string{`f.yml:2:10: systems: want a list of systems (name, class, paths), got "dose"`}},
		{"bad glob", "version: 1\nsystems:\n  - name: dose\n    class: C\n    paths: [\"dose/[**\"]\n",
			[]string{`f.yml:5:13: systems[0].paths[0]: bad glob "dose/[**": check its brackets and braces`}},
		{"absolute glob", "version: 1\nsystems:\n  - {name: dose, class: C, paths: [\"/dose/**\"]}\n",
			[]string{`f.yml:3:36: systems[0].paths[0]: glob "/dose/**" starts with /: paths are relative to the repository root, drop the leading /`}},
		{"system missing class and paths", "version: 1\nsystems:\n  - name: dose\n",
			[]string{"f.yml:3:5: systems[0]: class is missing", "f.yml:3:5: systems[0]: paths is missing"}},
		{"duplicate system", "version: 1\nsystems:\n  - {name: a, class: A, paths: [a/**]}\n  - {name: a, class: B, paths: [b/**]}\n",
			[]string{`f.yml:4:12: systems[1].name: system "a" is defined twice; give each system one entry`}},
		{"empty paths", "version: 1\nsystems:\n  - {name: a, class: A, paths: []}\n", []string{"f.yml:3:32: systems[0].paths: a system needs at least one path glob"}},
		{"bad regex", "version: 1\nrules:\n  traceability:\n    requirement_pattern: \"REQ-[0-9\"\n",
			[]string{"f.yml:4:26: rules.traceability.requirement_pattern: bad regular expression \"REQ-[0-9\": missing closing ]: `[0-9`"}},
		{"unknown search place", "version: 1\nrules:\n  traceability:\n    search_in: [title, wiki]\n",
			[]string{`f.yml:4:24: rules.traceability.search_in[1]: unknown place "wiki"; want title, body, commits or branch`}},
		{"wrong type in list", "version: 1\nrules:\n  test_evidence:\n    required_checks: build\n",
			[]string{`f.yml:4:22: rules.test_evidence.required_checks: want a list of strings, got "build"`}},
		{"one risk label", "version: 1\nrules:\n  risk_impact:\n    labels: [risk]\n",
			[]string{"f.yml:4:13: rules.risk_impact.labels: list at least two labels, lowest impact (no impact) first"}},
		{"duplicate key", "version: 1\nversion: 1\n", []string{`f.yml:2:1: policy: key "version" appears twice; keep one`}},
		{"override unknown class", "version: 1\noverrides:\n  D: {}\n",
			[]string{`f.yml:3:3: overrides: unknown key "D"; allowed keys: A, B, C`}},
		{"loosening without justification", "version: 1\noverrides:\n  C:\n    reviews:\n      approvals: 1\n",
			[]string{`f.yml:5:18: overrides.C.reviews.approvals: 1 is looser than the class C default 2: add "justification:" to overrides.C.reviews explaining why (it is reported on every class C pull request)`}},
		{"advisory without justification", "version: 1\noverrides:\n  B:\n    soup:\n      enforcement: advisory\n",
			[]string{`f.yml:5:20: overrides.B.soup.enforcement: advisory is looser than the class B default blocking: add "justification:" to overrides.B.soup explaining why (it is reported on every class B pull request)`}},
		{"negative approvals", "version: 1\noverrides:\n  A:\n    reviews:\n      approvals: -1\n",
			[]string{"f.yml:5:18: overrides.A.reviews.approvals: must be 0 or more, got -1"}},
		{"bool as string", "version: 1\noverrides:\n  A:\n    reviews:\n      independent: \"yes\"\n",
			[]string{`f.yml:5:20: overrides.A.reviews.independent: want true or false, got "yes"`}},
		{"unknown override setting", "version: 1\noverrides:\n  A:\n    reviews:\n      aprovals: 2\n",
			[]string{`f.yml:5:7: overrides.A.reviews: unknown key "aprovals" (did you mean "approvals"?); allowed keys: enforcement, approvals, independent, require_current_head, require_teams, justification`}},
		{"yaml syntax error", "version: 1\nsystems: [\n", []string{"f.yml:2:1: YAML syntax error: did not find expected node content"}},
		{"two documents", "version: 1\n---\nversion: 1\n", []string{"f.yml:2:1: a second YAML document (---) is not allowed: keep one document"}},
		{"root not a mapping", "- version: 1\n", []string{"f.yml:1:1: policy: want a mapping of version, default_class, summary_comment, systems, rules, overrides, got a list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("Parse succeeded, want problems")
			}
			got := problems(t, err)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseFullConfig(t *testing.T) {
	p, err := LoadFile("testdata/full.yml")
	if err != nil {
		t.Fatal(err)
	}
	c := p.Config
	if c.DefaultClass != policy.ClassC || c.SummaryComment != policy.CommentOnFailure || len(c.Systems) != 3 {
		t.Errorf("top level = %+v", c)
	}
	if got := c.Traceability.RequirementPattern.String(); got != "(REQ|SRS)-[0-9]+" {
		t.Errorf("requirement pattern = %q", got)
	}
	if c.Traceability.Labels.ChangeRequest != "cr" || c.Traceability.Labels.Requirement != "requirement" {
		t.Errorf("labels = %+v (unset labels keep their defaults)", c.Traceability.Labels)
	}
	if c.SOUP.ListPath != "SOUP.md" || len(c.SOUP.Manifests) != 11 {
		t.Errorf("soup = %+v", c.SOUP)
	}
	if r := p.Rules[policy.ClassC].Reviews; r.Approvals != 1 || r.RequireTeams || !r.Independent {
		t.Errorf("class C reviews = %+v", r)
	}
	if r := p.Rules[policy.ClassA].TestEvidence; r.Enforcement != policy.Blocking {
		t.Errorf("class A test evidence tightened without justification: %+v", r)
	}
	want := []policy.Deviation{
		{Class: "C", Rule: policy.RuleReviews, Setting: "approvals", Default: "2", Configured: "1", Justification: "Two-person team until 2027-Q1; second review happens in release verification (SOP-12)."},
		{Class: "C", Rule: policy.RuleReviews, Setting: "require_teams", Default: "true", Configured: "false", Justification: "Two-person team until 2027-Q1; second review happens in release verification (SOP-12)."},
	}
	if len(p.Deviations) != len(want) || p.Deviations[0] != want[0] || p.Deviations[1] != want[1] {
		t.Errorf("deviations = %+v, want %+v", p.Deviations, want)
	}
	wantSummary := "testdata/full.yml: valid: version 1, default class C, 3 systems (dose-calculation: C, pump-ui: B, docs-site: A), 2 deviations (C reviews.approvals 2 -> 1; C reviews.require_teams true -> false)"
	if got := Summary(p); got != wantSummary {
		t.Errorf("Summary = %q\nwant      %q", got, wantSummary)
	}
}

func TestDefaults(t *testing.T) {
	p := Default()
	if p.Configured || p.Source != BundledSource || p.Config.DefaultClass != policy.ClassC {
		t.Errorf("Default() = %+v", p)
	}
	tests := []struct {
		class     policy.Class
		approvals int
		evidence  policy.EvidenceMode
		testEnf   policy.Enforcement
		soupEnf   policy.Enforcement
		head      bool
	}{
		{policy.ClassA, 1, policy.TestsOrChecks, policy.Advisory, policy.Advisory, false},
		{policy.ClassB, 1, policy.TestsOrChecks, policy.Blocking, policy.Blocking, false},
		{policy.ClassC, 2, policy.TestsAndChecks, policy.Blocking, policy.Blocking, true},
	}
	for _, tt := range tests {
		r := p.Rules[tt.class]
		if r.Reviews.Approvals != tt.approvals || r.TestEvidence.Evidence != tt.evidence || r.TestEvidence.Enforcement != tt.testEnf ||
			r.SOUP.Enforcement != tt.soupEnf || r.Reviews.RequireCurrentHead != tt.head {
			t.Errorf("class %s rules = %+v", tt.class, r)
		}
	}
}

func TestBundledFilesAreComplete(t *testing.T) {
	if _, err := loadBundled(); err != nil {
		t.Fatal(err)
	}
	_, err := parseClassFile("x.yml", []byte("reviews:\n  approvals: 1\n"))
	if err == nil || !strings.Contains(err.Error(), "traceability.enforcement is missing") {
		t.Errorf("incomplete class file error = %v", err)
	}
}

func TestRequiredTeams(t *testing.T) {
	if got := RequiredTeams([]byte("version: 1\nrules:\n  reviews:\n    required_teams: [qa, ra]\n")); strings.Join(got, ",") != "qa,ra" {
		t.Errorf("RequiredTeams = %v", got)
	}
	if got := RequiredTeams([]byte("nonsense: [")); got != nil {
		t.Errorf("RequiredTeams(broken) = %v, want nil", got)
	}
}

// TestGoldenProblems renders whole invalid files' problem lists, as `validate` prints them.
func TestGoldenProblems(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid-*.yml")
	if len(files) == 0 {
		t.Fatal("no testdata/invalid-*.yml files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			_, err := LoadFile(file)
			if err == nil {
				t.Fatal("valid, want problems")
			}
			got := strings.Join(problems(t, err), "\n") + "\n"
			golden := strings.TrimSuffix(file, ".yml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("version: 1\noverrides: {C: {reviews: {approvals: 0}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yml", data)
		if err == nil {
			if p.Config.Version != 1 || p.Config.DefaultClass.Rank() == 0 {
				t.Fatalf("valid policy with version %d, default class %q", p.Config.Version, p.Config.DefaultClass)
			}
			return
		}
		var invalid *ValidationError
		if !errors.As(err, &invalid) || len(invalid.Problems) == 0 {
			t.Fatalf("error %v is not a *ValidationError with problems", err)
		}
		for _, pr := range invalid.Problems {
			if pr.Line < 1 || pr.Column < 1 || pr.Message == "" {
				t.Fatalf("problem without a position or message: %+v", pr)
			}
		}
	})
}

// TestDocumentedExamplesAreValid keeps docs/policies.md honest: every complete example parses.
func TestDocumentedExamplesAreValid(t *testing.T) {
	doc, err := os.ReadFile("../../docs/policies.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(doc), "```yaml\n")[1:]
	if len(blocks) < 2 {
		t.Fatalf("found %d YAML examples in docs/policies.md, want at least 2", len(blocks))
	}
	for i, b := range blocks {
		example := strings.SplitN(b, "```", 2)[0]
		if _, err := Parse(fmt.Sprintf("docs/policies.md example %d", i+1), []byte(example)); err != nil {
			t.Errorf("%v", err)
		}
	}
}
