package policyfile

import (
	"reflect"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// TestVocabularyChanges: every class-independent word that differs from the bundled default is
// listed for the reviewer; the defaults, written out, list nothing.
func TestVocabularyChanges(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []policy.VocabularyChange
	}{
		{"defaults", "version: 1\n", []policy.VocabularyChange{}},
		{"defaults written out", "version: 1\nrules:\n  soup:\n    list: docs/soup.md\n  risk_impact:\n    record_pattern: \"RISK-[0-9]+\"\n", []policy.VocabularyChange{}},
		{"narrower test paths and another SOUP list", "version: 1\nrules:\n  test_evidence:\n    test_paths: [\"tests/**\"]\n  soup:\n    list: SOUP.md\n",
			[]policy.VocabularyChange{
				{Setting: "rules.test_evidence.test_paths", Default: "**/*_test.go, **/test/**, **/tests/**, **/*_test.py, **/test_*.py, **/*.test.*, **/*.spec.*, **/*Test.java, **/*Tests.cs", Configured: "tests/**"},
				{Setting: "rules.soup.list", Default: "docs/soup.md", Configured: "SOUP.md"},
			}},
		{"labels and patterns", "version: 1\nrules:\n  traceability:\n    requirement_pattern: \"SRS-[0-9]+\"\n    labels: {approved: ccb-approved}\n",
			[]policy.VocabularyChange{
				{Setting: "rules.traceability.requirement_pattern", Default: "REQ-[0-9]+", Configured: "SRS-[0-9]+"},
				{Setting: "rules.traceability.labels.approved", Default: "approved", Configured: "ccb-approved"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("f.yml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Vocabulary, tt.want) {
				t.Errorf("vocabulary:\n%+v\nwant:\n%+v", p.Vocabulary, tt.want)
			}
		})
	}
}
