package policy_test

import (
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
)

// TestOverlappingSystems: the order of systems never lowers a class; only a justified
// wins_over does, and then the pull request reports the deviation.
func TestOverlappingSystems(t *testing.T) {
	const (
		goEverywhere = "  - {name: go-tools, class: A, paths: [\"**/*.go\"]}\n"
		readme       = "  - name: dose-readme\n    class: A\n    paths: [\"dose/README.md\"]\n    wins_over: [dose-calculation]\n" +
			"    justification: \"User documentation only, never built into the pump (HA-2, RISK-31).\"\n"
		lowDefault = "default_class: {class: B, justification: \"Every folder is listed under systems (QA decision QD-3).\"}\n"
	)
	tests := []struct {
		name       string
		config     string // replaces "systems:\n" in testConfig
		pr         *pr
		class      policy.Class
		reason     string
		deviations []string // Setting of each deviation reported
	}{
		{"a class A system listed first never claims class C code", "systems:\n" + goEverywhere, newPR(doseFile, doseTest), policy.ClassC,
			"touches dose-calculation (C) and go-tools (A); 2 files are claimed by several systems, each taking the highest of their classes", nil},
		{"a file of the class A system alone stays class A", "systems:\n" + goEverywhere, newPR("tools/gen.go"), policy.ClassA, "touches go-tools (A).", nil},
		{"a README in a class C folder without wins_over is class C", "systems:\n" + strings.ReplaceAll(readme, "    wins_over: [dose-calculation]\n", ""),
			newPR("dose/README.md"), policy.ClassC, "touches dose-calculation (C) and dose-readme (A)", nil},
		{"wins_over lowers the README and reports the deviation", "systems:\n" + readme, newPR("dose/README.md"), policy.ClassA,
			"touches dose-readme (A); a justified deviation lowers the class of some files", []string{"systems.dose-readme.wins_over.dose-calculation"}},
		{"wins_over does not lower the rest of the folder", "systems:\n" + readme, newPR("dose/README.md", doseFile, doseTest), policy.ClassC,
			"touches dose-calculation (C) and dose-readme (A)", []string{"systems.dose-readme.wins_over.dose-calculation"}},
		{"wins_over that lowers nothing in this pull request is not reported", "systems:\n" + readme, newPR(docFile), policy.ClassA, "touches docs-site (A).", nil},
		{"a default class below C is reported when a file takes it", lowDefault + "systems:\n", newPR("Makefile"), policy.ClassB,
			"1 file is in no system, which takes the default class B", []string{"default_class"}},
		{"a default class below C is not reported when every file is claimed", lowDefault + "systems:\n", newPR(uiFile), policy.ClassB, "touches pump-ui (B).", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := strings.Replace(strings.Replace(testConfig, "default_class: C\n", "", 1), "systems:\n", tt.config, 1)
			p, err := policyfile.Parse("test.yml", []byte(cfg))
			if err != nil {
				t.Fatal(err)
			}
			r := policy.Evaluate(p, tt.pr.s)
			if r.Class != tt.class || !strings.Contains(r.Classification.Reason, tt.reason) {
				t.Errorf("class %s, reason %q; want class %s mentioning %q", r.Class, r.Classification.Reason, tt.class, tt.reason)
			}
			var got []string
			for _, d := range r.Deviations {
				if d.Rule == policy.RuleClassification {
					got = append(got, d.Setting)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.deviations, ",") {
				t.Errorf("classification deviations %v, want %v", got, tt.deviations)
			}
		})
	}
}

// TestOverlapEvidenceNamesEverySystem: a file claimed by two systems is listed under both.
func TestOverlapEvidenceNamesEverySystem(t *testing.T) {
	cfg := strings.Replace(testConfig, "systems:\n", "systems:\n  - {name: go-tools, class: A, paths: [\"**/*.go\"]}\n", 1)
	p, err := policyfile.Parse("test.yml", []byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	r := policy.Evaluate(p, newPR(doseFile).s)
	var systems []string
	for _, s := range r.Classification.Systems {
		for _, f := range s.Files {
			if f == doseFile {
				systems = append(systems, s.Name)
			}
		}
	}
	if strings.Join(systems, ",") != "dose-calculation,go-tools" {
		t.Errorf("%s listed under %v, want dose-calculation and go-tools", doseFile, systems)
	}
}
