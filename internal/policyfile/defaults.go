package policyfile

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/policies"
)

// BundledSource is the Source of a policy with no repository configuration.
const BundledSource = "bundled defaults"

// defaultConfig is the class-independent configuration a repository gets for every key it
// omits. default_class is C: a missing or partial config never weakens the policy.
func defaultConfig() policy.Config {
	return policy.Config{
		Version:        1,
		DefaultClass:   policy.ClassC,
		SummaryComment: policy.CommentAlways,
		Systems:        []policy.System{},
		Traceability: policy.TraceabilitySettings{
			RequirementPattern: regexp.MustCompile(`REQ-[0-9]+`),
			SearchIn:           []string{"title", "body", "commits", "branch"},
			Labels: policy.IssueLabels{
				Requirement:   "requirement",
				ChangeRequest: "change-request",
				ProblemReport: "problem-report",
				Approved:      "approved",
			},
		},
		Reviews: policy.ReviewSettings{RequiredTeams: []string{}},
		TestEvidence: policy.TestEvidenceSettings{
			TestPaths: []string{"**/*_test.go", "**/test/**", "**/tests/**", "**/*_test.py", "**/test_*.py",
				"**/*.test.*", "**/*.spec.*", "**/*Test.java", "**/*Tests.cs"},
			SourcePaths:    []string{"**/*.{go,c,h,cc,cpp,hpp,rs,py,js,jsx,ts,tsx,java,kt,cs,swift,m,mm,rb,php,scala,sql}"},
			RequiredChecks: []string{},
		},
		RiskImpact: policy.RiskImpactSettings{
			Labels:        []string{"risk:none", "risk:low", "risk:medium", "risk:high"},
			RecordPattern: regexp.MustCompile(`RISK-[0-9]+`),
		},
		SOUP: policy.SOUPSettings{
			Manifests: []string{"go.mod", "go.sum", "package.json", "package-lock.json", "requirements*.txt", "poetry.lock",
				"Cargo.toml", "Cargo.lock", "pom.xml", "build.gradle*", "*.csproj"},
			ListPath: "docs/soup.md",
		},
	}
}

// bundledRules is parsed once: the bundled files are part of the binary.
var bundledRules = mustLoadBundled()

// Default returns the policy of a repository with no configuration file.
func Default() *policy.Policy {
	return &policy.Policy{Source: BundledSource, Config: defaultConfig(), Rules: BundledRules()}
}

// BundledRules returns a copy of the bundled per-class rules.
func BundledRules() map[policy.Class]policy.ClassRules {
	out := make(map[policy.Class]policy.ClassRules, len(bundledRules))
	for c, r := range bundledRules {
		out[c] = r
	}
	return out
}

// mustLoadBundled parses policies/class-*.yml; a broken bundled file is a build defect, which
// the tests catch, so it may panic.
func mustLoadBundled() map[policy.Class]policy.ClassRules {
	rules, err := loadBundled()
	if err != nil {
		panic(err)
	}
	return rules
}

func loadBundled() (map[policy.Class]policy.ClassRules, error) {
	rules := map[policy.Class]policy.ClassRules{}
	for _, c := range policy.Classes {
		name := "class-" + strings.ToLower(string(c)) + ".yml"
		data, err := policies.FS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read bundled policy %s: %w", name, err)
		}
		r, err := parseClassFile("policies/"+name, data)
		if err != nil {
			return nil, err
		}
		rules[c] = r
	}
	return rules, nil
}

// parseClassFile reads one bundled class policy; every setting of every rule must be there.
func parseClassFile(name string, data []byte) (policy.ClassRules, error) {
	d := &decoder{file: name}
	var r policy.ClassRules
	root := d.document(data)
	if root == nil {
		return r, d.result()
	}
	set, _ := d.classBlock(root, "class policy", &r, false)
	have := map[string]bool{}
	for _, s := range set {
		have[string(s.rule)+"."+s.knob.key] = true
	}
	for _, rk := range ruleKeys {
		for _, kn := range knobs[rk.id] {
			if !have[string(rk.id)+"."+kn.key] {
				d.errorf(root, "class policy: %s.%s is missing; a bundled policy sets every setting", rk.key, kn.key)
			}
		}
	}
	return r, d.result()
}

// document parses YAML into its root node, reporting syntax errors and empty or
// multi-document input.
func (d *decoder) document(data []byte) *yaml.Node {
	var doc yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			d.errorf(nil, "the file is empty: start with \"version: 1\"")
			return nil
		}
		d.syntaxError(err)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.errorf(&extra, "a second YAML document (---) is not allowed: keep one document")
		return nil
	}
	if len(doc.Content) == 0 || doc.Content[0].Tag == "!!null" {
		d.errorf(nil, "the file is empty: start with \"version: 1\"")
		return nil
	}
	return doc.Content[0]
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func (d *decoder) syntaxError(err error) {
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		fmt.Sscan(m[1], &line)
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = yamlLine.ReplaceAllString(msg, "")
	msg = strings.TrimLeft(msg, ": ")
	d.errorf(&yaml.Node{Line: line, Column: 1}, "YAML syntax error: %s", msg)
}

func (d *decoder) result() error {
	if len(d.problems) == 0 {
		return nil
	}
	sort.SliceStable(d.problems, func(i, j int) bool {
		a, b := d.problems[i], d.problems[j]
		return a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column)
	})
	return &ValidationError{Problems: d.problems}
}
