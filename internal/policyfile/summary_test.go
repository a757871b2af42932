package policyfile

import (
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

func TestSummary(t *testing.T) {
	parse := func(name, yaml string) *policy.Policy {
		t.Helper()
		p, err := Parse(name, []byte(yaml))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	load := func(path string) *policy.Policy {
		t.Helper()
		p, err := LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name   string
		policy *policy.Policy
		want   string
	}{
		{"bundled defaults", Default(), "bundled defaults: valid: version 1, default class C, 0 systems, 0 deviations"},
		{"one system", parse("p.yml", "version: 1\nsystems: [{name: api, class: B, paths: [\"**\"]}]\n"),
			"p.yml: valid: version 1, default class C, 1 system (api: B), 0 deviations"},
		{"mixed repository with a deviation", parse(".github/iec62304.yml", `version: 1
systems:
  - {name: dose-calculation, class: C, paths: ["dose/**"]}
  - {name: docs-site, class: A, paths: ["docs/**"]}
overrides:
  C:
    reviews: {approvals: 1, justification: "Two-person team until 2027-Q1."}
`), ".github/iec62304.yml: valid: version 1, default class C, 2 systems (dose-calculation: C, docs-site: A), 1 deviation (C reviews.approvals 2 -> 1)"},
		{"full config", load("testdata/full.yml"),
			"testdata/full.yml: valid: version 1, default class B, 4 systems (dose-calculation: C, pump-ui: B, docs-site: A, dose-readme: A), 4 deviations (" +
				"A systems.dose-readme.wins_over.dose-calculation C -> A; B default_class C -> B; C reviews.approvals 2 -> 1; C reviews.require_teams true -> false)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summary(tt.policy); got != tt.want {
				t.Errorf("Summary =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
