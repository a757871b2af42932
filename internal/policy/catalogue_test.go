package policy_test

import (
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

const (
	markdownCatalogue = "  traceability:\n    catalogue: {files: [\"docs/requirements/*.md\"]}\n"
	issueCatalogue    = "  traceability:\n    catalogue: {issues: {label: requirement}}\n"
	doorstopCatalogue = "  traceability:\n    catalogue: {files: [\"reqs/*.yml\"], format: doorstop}\n"
)

// requirements gives the pull request's base branch a Markdown catalogue.
func (p *pr) requirements(doc string) *pr {
	p.s.Catalogue = &snapshot.Catalogue{Files: map[string][]byte{"docs/requirements/pump.md": []byte(doc)}}
	return p
}

// requirementIssue adds a catalogue issue with the requirement label.
func (p *pr) requirementIssue(n int, title string) *pr {
	if p.s.Catalogue == nil {
		p.s.Catalogue = &snapshot.Catalogue{}
	}
	p.s.Catalogue.Issues = append(p.s.Catalogue.Issues, &github.Issue{Number: github.Int(n), Title: github.String(title),
		Labels: []*github.Label{{Name: github.String("requirement")}}})
	return p
}

func (p *pr) catalogueIncomplete(why string) *pr { p.s.Catalogue.Incomplete = why; return p }

const pumpRequirements = "# Pump requirements\n\n## REQ-12: Dose limit\n\nThe pump never exceeds...\n\n## REQ-13 Alarm volume\n"

// TestTraceabilityCatalogue: with a catalogue, only the IDs it defines count, and any other ID
// fails the rule by name (fail closed), even beside a trace that counts.
func TestTraceabilityCatalogue(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{"known ID", newPR(docFile).requirements(pumpRequirements), markdownCatalogue, policy.ClassA, policy.RuleTraceability, policy.StatusPass,
			"Traces to REQ-12 “Dose limit”."},
		{"known ID shows its title in the evidence", newPR(docFile).requirements(pumpRequirements), markdownCatalogue, policy.ClassA, policy.RuleTraceability, policy.StatusPass,
			"requirement IDs: REQ-12 (body): Dose limit"},
		{"the catalogue's size in the evidence", newPR(docFile).requirements(pumpRequirements), markdownCatalogue, policy.ClassA, policy.RuleTraceability, policy.StatusPass,
			"requirement catalogue: `docs/requirements/*.md` (Markdown headings): 2 requirements defined"},
		{"unknown ID", newPR(docFile).body("Implements REQ-99.").requirements(pumpRequirements), markdownCatalogue, policy.ClassA, policy.RuleTraceability, policy.StatusFail,
			"REQ-99 is not defined in the requirement catalogue (`docs/requirements/*.md` (Markdown headings) on the base branch), so it is no trace."},
		{"unknown ID: what to do", newPR(docFile).body("Implements REQ-99.").requirements(pumpRequirements), markdownCatalogue, policy.ClassA, policy.RuleTraceability, policy.StatusFail,
			"Correct `REQ-99`, or define it in the requirement catalogue (`docs/requirements/*.md` (Markdown headings)) on the base branch first: a pull request cannot define its own requirements."},
		{"mixed: the unknown ID fails and is named", newPR(docFile).body("Implements REQ-12 and REQ-99, REQ-98.").requirements(pumpRequirements), markdownCatalogue, policy.ClassA,
			policy.RuleTraceability, policy.StatusFail, "REQ-99 and REQ-98 are not defined in the requirement catalogue"},
		{"an unknown ID fails beside a linked requirement", newPR(uiFile).body("REQ-99, closes #41").issue(41, "requirement").requirements(pumpRequirements), markdownCatalogue,
			policy.ClassB, policy.RuleTraceability, policy.StatusFail, "REQ-99 (body): not defined in the requirement catalogue, so no trace"},
		{"a linked requirement still counts without IDs", newPR(uiFile).body("closes #41").issue(41, "requirement").requirements(pumpRequirements), markdownCatalogue,
			policy.ClassB, policy.RuleTraceability, policy.StatusPass, "#41 (requirement)"},
		{"catalogue not read: fail closed", newPR(docFile), markdownCatalogue, policy.ClassA, policy.RuleTraceability, policy.StatusFail,
			"The requirement catalogue (`docs/requirements/*.md` (Markdown headings)) was not read, so REQ-12 cannot be checked and is no trace."},
		{"catalogue read in part: an ID not found fails and says so", newPR(docFile).body("REQ-99").requirements(pumpRequirements).catalogueIncomplete("200 of 250 files read"),
			markdownCatalogue, policy.ClassA, policy.RuleTraceability, policy.StatusFail, "The catalogue was not read in full: 200 of 250 files read."},
		{"a heading in a code block defines nothing", newPR(docFile).requirements("```\n## REQ-12: example\n```\n"), markdownCatalogue, policy.ClassA,
			policy.RuleTraceability, policy.StatusFail, "REQ-12 is not defined"},
		{"issue catalogue: known", newPR(docFile).requirementIssue(3, "REQ-12: Dose limit"), issueCatalogue, policy.ClassA, policy.RuleTraceability, policy.StatusPass,
			"Traces to REQ-12 “Dose limit”."},
		{"issue catalogue: unknown", newPR(docFile).requirementIssue(3, "REQ-11: Dose limit"), issueCatalogue, policy.ClassA, policy.RuleTraceability, policy.StatusFail,
			"REQ-12 is not defined in the requirement catalogue (issues labelled `requirement` on the base branch)"},
		{"doorstop: known", newPR(docFile).doorstop("reqs/REQ-12.yml", "active: true\nheader: ''\ntext: |\n  Dose limit\n\n  More.\n"), doorstopCatalogue, policy.ClassA,
			policy.RuleTraceability, policy.StatusPass, "Traces to REQ-12 “Dose limit”."},
		{"strictdoc: known", newPR(docFile).catalogueFile("reqs/pump.sdoc", "[DOCUMENT]\nTITLE: Pump\n\n[REQUIREMENT]\nUID: REQ-12\nTITLE: Dose limit\n"),
			"  traceability:\n    catalogue: {files: [\"reqs/*.sdoc\"], format: strictdoc}\n", policy.ClassA, policy.RuleTraceability, policy.StatusPass, "Traces to REQ-12 “Dose limit”."},
		{"doorstop: inactive", newPR(docFile).doorstop("reqs/REQ-12.yml", "active: false\ntext: Dose limit\n"), doorstopCatalogue, policy.ClassA,
			policy.RuleTraceability, policy.StatusFail, "REQ-12 is not defined"},
	})
}

func (p *pr) catalogueFile(path, content string) *pr {
	p.s.Catalogue = &snapshot.Catalogue{Files: map[string][]byte{path: []byte(content)}}
	return p
}

func (p *pr) doorstop(path, item string) *pr {
	p.s.Catalogue = &snapshot.Catalogue{Files: map[string][]byte{path: []byte(item), "reqs/.doorstop.yml": []byte("settings: {prefix: REQ}\n")}}
	return p
}
