package policyfile

import (
	"fmt"
	"regexp"
	"strings"

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
			Approvers: []string{},
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
		ProblemReports: defaultProblemReports(),
	}
}

// bundledRules is parsed once: the bundled files are part of the binary.
var bundledRules = mustLoadBundled()

// Default returns the policy of a repository with no configuration file: the bundled class
// defaults and the documented default of every class-independent setting.
func Default() *policy.Policy {
	return &policy.Policy{Source: BundledSource, Config: defaultConfig(), Rules: bundledRulesCopy(), Deviations: []policy.Deviation{},
		Vocabulary: []policy.VocabularyChange{}}
}

// bundledRulesCopy returns a copy of the bundled per-class rules, for one policy to modify.
func bundledRulesCopy() map[policy.Class]policy.ClassRules {
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
	d := &decoder{file: name, bundled: true}
	r := policy.ClassRules{}
	root := d.document(data, "class policy: the file is empty; a bundled policy sets every setting")
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
