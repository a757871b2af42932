package details

import (
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// A requirement ID shows its catalogue title, escaped, or that the catalogue does not define it.
func TestPageShowsRequirementTitles(t *testing.T) {
	hist := history()
	r := *hist[len(hist)-1].Result
	r.Rules = []policy.RuleResult{{ID: policy.RuleTraceability, Title: "Traceability", Clauses: "5.2", Status: policy.StatusFail, Blocking: true,
		Reason: "REQ-99 is not defined.", Evidence: policy.Evidence{
			RequirementIDs: []policy.RequirementID{{ID: "REQ-12", FoundIn: "body", Title: "Dose <b>limit</b>"}, {ID: "REQ-99", FoundIn: "title", NotInCatalogue: true}},
			Catalogue:      &policy.CatalogueEvidence{Where: "issues labelled `requirement`", Read: true, Requirements: 40},
		}}}
	hist[len(hist)-1].Result = &r
	p, _ := NewPull("acme/pump", 7, "erin", hist)
	out, err := HTML(p)
	if err != nil {
		t.Fatal(err)
	}
	page := string(out)
	for _, want := range []string{"<code>REQ-12</code> “Dose &lt;b&gt;limit&lt;/b&gt;”", `<code>REQ-99</code> <span class="muted">(title)</span> <span class="fail">not defined in the requirement catalogue</span>`,
		"Requirement catalogue: issues labelled `requirement`, 40 requirements defined."} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
