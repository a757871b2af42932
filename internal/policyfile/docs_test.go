package policyfile

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestDocumentedExamplesAreValid keeps docs/policies.md honest: every YAML example parses.
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
