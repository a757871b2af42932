package policyfile

import (
	"os"
	"strings"
	"testing"
)

const classADefault = "default_class: {class: A, justification: \"A documentation-only repository (SOP-4).\"}\n"

func TestWarnings(t *testing.T) {
	tests := []struct {
		name, yaml string
		warn       bool
	}{
		{"defaults: everything class C, no required checks", "version: 1\n", true},
		{"required checks listed", "version: 1\nrules:\n  test_evidence:\n    required_checks: [build]\n", false},
		{"only class A", "version: 1\n" + classADefault + "systems:\n  - {name: docs, class: A, paths: [\"**\"]}\n", false},
		{"a class B system", "version: 1\n" + classADefault + "systems:\n  - {name: ui, class: B, paths: [\"ui/**\"]}\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p.yml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			got := Warnings(p)
			if (len(got) > 0) != tt.warn {
				t.Fatalf("warnings %q, want a warning: %v", got, tt.warn)
			}
			if tt.warn && !strings.HasPrefix(got[0], "p.yml: warning: rules.test_evidence.required_checks is empty") {
				t.Errorf("warning %q", got[0])
			}
		})
	}
}

// TestWarningIsDocumented keeps the warning docs/policies.md quotes true.
func TestWarningIsDocumented(t *testing.T) {
	data, err := os.ReadFile("../../docs/policies.md")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(DefaultPath, []byte("version: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if w := Warnings(p)[0]; !strings.Contains(string(data), "```text\n"+w+"\n```") {
		t.Errorf("docs/policies.md does not quote the warning %q", w)
	}
}
