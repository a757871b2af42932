package policyfile

import (
	"os"
	"strings"
	"testing"
)

// TestDocumentedExamples keeps docs/policies.md honest: every YAML example is valid and the
// `validate` output shown for it is what Summary prints, and the quoted problem for a missing
// justification is what the last example yields without its justification.
func TestDocumentedExamples(t *testing.T) {
	data, err := os.ReadFile("../../docs/policies.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	blocks := strings.Split(doc, "```yaml\n")[1:]
	if len(blocks) < 2 {
		t.Fatalf("found %d YAML examples in docs/policies.md, want at least 2", len(blocks))
	}
	const name = ".github/iec62304.yml"
	var example string
	for _, b := range blocks {
		example = strings.SplitN(b, "```", 2)[0]
		p, err := Parse(name, []byte(example))
		if err != nil {
			t.Errorf("example is invalid:\n%v", err)
			continue
		}
		if summary := Summary(p); !strings.Contains(doc, "```text\n"+summary+"\n```") {
			t.Errorf("docs/policies.md does not show the validate output %q", summary)
		}
	}
	unjustified, _, found := strings.Cut(example, "      justification:")
	if !found {
		t.Fatal("the last example has no justification")
	}
	_, err = Parse(name, []byte(unjustified))
	if err == nil {
		t.Fatal("the last example without its justification is valid, want a loosening problem")
	}
	if msg := problems(t, err)[0]; !strings.Contains(doc, "```text\n"+msg+"\n```") {
		t.Errorf("docs/policies.md does not quote the problem %q", msg)
	}
}
