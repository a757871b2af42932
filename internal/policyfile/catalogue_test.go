package policyfile

import (
	"reflect"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

func TestCatalogue(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want *policy.Catalogue
	}{
		{"issues with a label", "catalogue: {issues: {label: srs}}", &policy.Catalogue{IssueLabel: "srs"}},
		{"issues take the requirement label by default, set after them", "catalogue: {issues: {}}\n    labels: {requirement: req}",
			&policy.Catalogue{IssueLabel: "req"}},
		{"markdown files by default", `catalogue: {files: ["docs/requirements/*.md"]}`,
			&policy.Catalogue{Files: []string{"docs/requirements/*.md"}, Format: policy.CatalogueMarkdown}},
		{"doorstop", "catalogue: {files: [reqs/**/*.yml], format: doorstop}",
			&policy.Catalogue{Files: []string{"reqs/**/*.yml"}, Format: policy.CatalogueDoorstop}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("c.yml", []byte("version: 1\nrules:\n  traceability:\n    "+tt.yaml+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Config.Traceability.Catalogue; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("catalogue = %+v, want %+v", got, tt.want)
			}
			if needs := NeedsOf([]byte("version: 1\nrules:\n  traceability:\n    " + tt.yaml + "\n")); !reflect.DeepEqual(needs.Catalogue, tt.want) {
				t.Errorf("needs.Catalogue = %+v, want %+v", needs.Catalogue, tt.want)
			}
		})
	}
}

func TestCatalogueProblems(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"both sources", "catalogue: {issues: {}, files: [a.md]}", "c.yml:4:29: rules.traceability.catalogue: name one source of requirements, issues or files, not both"},
		{"no source", "catalogue: {format: markdown}", "c.yml:4:16: rules.traceability.catalogue: name where requirements are defined"},
		{"a key of another block", "catalogue: {issues: {}, paths: [a.md]}", `c.yml:4:29: rules.traceability.catalogue: "paths" belongs under each entry of systems`},
		{"unknown key", "catalogue: {issues: {}, source: x}", `c.yml:4:29: rules.traceability.catalogue: unknown key "source"`},
		{"unknown issues key", "catalogue: {issues: {labels: x}}", `c.yml:4:26: rules.traceability.catalogue.issues: "labels" belongs under rules.traceability, under rules.risk_impact or under problem_reports; or did you mean "label"?`},
		{"unknown format", "catalogue: {files: [a.md], format: strictdocs}", `c.yml:4:40: rules.traceability.catalogue.format: unknown value "strictdocs"`},
		{"format with issues", "catalogue: {issues: {}, format: markdown}", "c.yml:4:29: rules.traceability.catalogue.format: applies to files only"},
		{"empty files", "catalogue: {files: []}", "c.yml:4:24: rules.traceability.catalogue.files: an empty list defines no requirement"},
		{"absolute path", "catalogue: {files: [/docs/*.md]}", `c.yml:4:25: rules.traceability.catalogue.files[0]: "/docs/*.md" starts with /`},
		{"too many braces", "catalogue: {files: [\"{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b}/*.md\"]}", "stands for 128 patterns"},
		{"too many globs", "catalogue: {files: [a,b,c,d,e,f,g,h,i,j,k]}", "c.yml:4:45: rules.traceability.catalogue.files: at most 10 patterns"},
		{"not a mapping", "catalogue: docs/requirements", "c.yml:4:16: rules.traceability.catalogue: want a mapping of issues, files, format"},
		{"empty label", `catalogue: {issues: {label: ""}}`, "c.yml:4:33: rules.traceability.catalogue.issues.label: must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yml", []byte("version: 1\nrules:\n  traceability:\n    "+tt.yaml+"\n"))
			if err == nil {
				t.Fatal("valid, want a problem")
			}
			got := problems(t, err)
			if len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Errorf("problems = %q, want one containing %q", got, tt.want)
			}
		})
	}
}
