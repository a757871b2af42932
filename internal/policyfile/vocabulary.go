package policyfile

import (
	"regexp"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// ordinarySources are files no test_paths pattern may claim: a pattern that calls them tests
// makes every change carry its own test evidence.
var ordinarySources = []string{
	"main.go", "dose/calc.go", "src/pump.c", "src/pump.h", "app/models.py", "lib/index.js",
	"web/src/App.tsx", "src/main/java/com/acme/Pump.java", "src/lib.rs", "README.md", "Makefile",
}

// ordinaryText is text no ID pattern may match: a pattern that does finds an ID in every pull
// request.
var ordinaryText = []string{
	"Fix typo in the README", "update dependencies", "Merge branch 'main' into feature/x",
	"release 1.2.3 on 2026-11-26", "see #42", "a", "I",
}

// claimsSources reports a test_paths pattern that claims ordinary source files.
func (d *decoder) claimsSources(n *yaml.Node, what string, globs []string) bool {
	for i, g := range globs {
		for _, p := range ordinarySources {
			if matchesGlob(g, p) {
				d.errorf(n.Content[i], `%s[%d]: %q claims ordinary files such as %q as tests, so every change would be its own test evidence; name only test files (e.g. "**/*_test.go", "tests/**")`,
					what, i, g, p)
				return true
			}
		}
	}
	return false
}

// matchesGlob matches a whole path as the engine does.
func matchesGlob(g, p string) bool {
	ok, _ := doublestar.Match(g, p)
	return ok
}

// matchesOrdinaryText reports an ID pattern that matches the empty string or ordinary words.
func (d *decoder) matchesOrdinaryText(n *yaml.Node, what string, re *regexp.Regexp) bool {
	if re.MatchString("") {
		d.errorf(n, `%s: %q matches the empty string, so every pull request would have one; match only IDs (e.g. "REQ-[0-9]+")`, what, re.String())
		return true
	}
	for _, text := range ordinaryText {
		if m := re.FindString(text); m != "" {
			d.errorf(n, `%s: %q matches ordinary text (%q in %q), so almost any pull request would have one; match only IDs (e.g. "REQ-[0-9]+")`, what, re.String(), m, text)
			return true
		}
	}
	return false
}

// emptyList reports an empty list that would switch a rule off.
func (d *decoder) emptyList(n *yaml.Node, what, consequence string) bool {
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		d.errorf(n, "%s: an empty list %s; list them, or leave the key out for the bundled default", what, consequence)
		return true
	}
	return false
}

// vocabularyChanges lists the class-independent settings that differ from the bundled
// defaults, for the check run to show a reviewer.
func vocabularyChanges(got policy.Config) []policy.VocabularyChange {
	def := defaultConfig()
	out := []policy.VocabularyChange{}
	add := func(setting, d, g string) {
		if d != g {
			out = append(out, policy.VocabularyChange{Setting: setting, Default: d, Configured: g})
		}
	}
	list := func(s []string) string { return strings.Join(s, ", ") }
	dt, gt := def.Traceability, got.Traceability
	add("rules.traceability.requirement_pattern", dt.RequirementPattern.String(), gt.RequirementPattern.String())
	add("rules.traceability.search_in", list(dt.SearchIn), list(gt.SearchIn))
	add("rules.traceability.labels.requirement", dt.Labels.Requirement, gt.Labels.Requirement)
	add("rules.traceability.labels.change_request", dt.Labels.ChangeRequest, gt.Labels.ChangeRequest)
	add("rules.traceability.labels.problem_report", dt.Labels.ProblemReport, gt.Labels.ProblemReport)
	add("rules.traceability.labels.approved", dt.Labels.Approved, gt.Labels.Approved)
	if gt.Catalogue != nil {
		add("rules.traceability.catalogue", "none", gt.Catalogue.String())
	}
	add("rules.test_evidence.test_paths", list(def.TestEvidence.TestPaths), list(got.TestEvidence.TestPaths))
	add("rules.test_evidence.source_paths", list(def.TestEvidence.SourcePaths), list(got.TestEvidence.SourcePaths))
	add("rules.risk_impact.labels", list(def.RiskImpact.Labels), list(got.RiskImpact.Labels))
	add("rules.risk_impact.record_pattern", def.RiskImpact.RecordPattern.String(), got.RiskImpact.RecordPattern.String())
	add("rules.soup.manifests", list(def.SOUP.Manifests), list(got.SOUP.Manifests))
	add("rules.soup.list", def.SOUP.ListPath, got.SOUP.ListPath)
	return out
}
