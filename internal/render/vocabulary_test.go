package render

import (
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

func TestVocabularyIsShownInTheCheckRun(t *testing.T) {
	r := result("C", policy.StatusPass, policy.StatusPass, policy.StatusPass, policy.StatusPass, policy.StatusPass)
	r.PolicySource = ".github/iec62304.yml"
	r.Vocabulary = []policy.VocabularyChange{{Setting: "rules.test_evidence.test_paths", Default: "**/*_test.go", Configured: "tests/**|x"}}
	row := "| `rules.test_evidence.test_paths` | `**/*_test.go` | `tests/**\\|x` |"
	if got := CheckRun(r, "", Provenance{}).Text; !strings.Contains(got, row) {
		t.Errorf("check run text lacks %q:\n%s", row, got)
	}
	r.Vocabulary = nil
	if got := CheckRun(r, "", Provenance{}).Text; strings.Contains(got, "differ from the bundled defaults") {
		t.Errorf("check run text shows an empty vocabulary section:\n%s", got)
	}
}
