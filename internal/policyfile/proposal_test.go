package policyfile

import (
	"reflect"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

func TestPropose(t *testing.T) {
	const why = "Two-person team until 2027-Q1; second review at release (SOP-12)."
	base, err := Parse("base.yml", []byte("version: 1\noverrides:\n  C:\n    reviews: {approvals: 1, justification: \""+why+"\"}\n  B:\n    soup: {enforcement: advisory, justification: \""+why+"\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	approvals := policy.Deviation{Class: "C", Rule: policy.RuleReviews, Setting: "approvals", Default: "2", Configured: "1", Justification: why}
	soup := policy.Deviation{Class: "B", Rule: policy.RuleSOUP, Setting: "enforcement", Default: "blocking", Configured: "advisory", Justification: why}
	tests := []struct {
		name     string
		proposed string
		want     *policy.Proposal
	}{
		{"invalid", "version: 1\noverrides:\n  C:\n    reviews: {approvals: 0}\n", &policy.Proposal{Path: "p.yml",
			Problems: []string{`p.yml:4:26: overrides.C.reviews.approvals: 0 is looser than the class C default 2: add "justification:" to overrides.C.reviews explaining why (it is reported on every class C pull request)`},
			Added:    []policy.Deviation{}, Removed: []policy.Deviation{}, Changed: []policy.DeviationChange{}}},
		{"adds, removes and changes", "version: 1\ndefault_class: {class: B, justification: \"" + why + "\"}\noverrides:\n  C:\n    reviews: {approvals: 0, justification: \"" + why + "\"}\n",
			&policy.Proposal{Path: "p.yml", Problems: []string{},
				Added:   []policy.Deviation{{Class: "B", Rule: policy.RuleClassification, Setting: "default_class", Default: "C", Configured: "B", Justification: why}},
				Removed: []policy.Deviation{soup},
				Changed: []policy.DeviationChange{{Before: approvals, After: policy.Deviation{Class: "C", Rule: policy.RuleReviews, Setting: "approvals", Default: "2", Configured: "0", Justification: why}}}}},
		{"removed file", "", &policy.Proposal{Path: "p.yml", Problems: []string{`p.yml:1:1: version is missing: add "version: 1" as the first line`},
			Added: []policy.Deviation{}, Removed: []policy.Deviation{}, Changed: []policy.DeviationChange{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Propose(base, "p.yml", []byte(tt.proposed))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("proposal:\n%+v\nwant:\n%+v", got, tt.want)
			}
			if got.Valid() != (len(tt.want.Problems) == 0) {
				t.Errorf("Valid() = %v", got.Valid())
			}
		})
	}
}
