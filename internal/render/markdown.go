package render

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// detailsThreshold is the list length above which evidence folds into <details>.
const detailsThreshold = 5

// Markdown is the full report: verdict, what to do, the rule table, deviations, evidence and
// classification.
func Markdown(r *policy.Result) string {
	var b strings.Builder
	b.WriteString(proposalLead(r) + verdictLine(r) + "\n\n")
	b.WriteString(whatToDo(r))
	b.WriteString(body(r))
	return b.String()
}

// whatToDo is the numbered fix list, or a line saying there is nothing to do.
func whatToDo(r *policy.Result) string {
	required, optional := fixes(r, markdownQuoting)
	var b strings.Builder
	if len(required) == 0 && len(optional) == 0 {
		b.WriteString("Nothing to do: this pull request meets the class " + string(r.Class) + " policy.\n\n")
		return b.String()
	}
	if len(required) > 0 {
		b.WriteString("**What to do**\n\n")
		for i, f := range required {
			fmt.Fprintf(&b, "%d. %s\n", i+1, f)
		}
		b.WriteString("\n")
	}
	if len(optional) > 0 {
		b.WriteString("**Advisory** " + doesNotBlock(r.Class) + "\n\n")
		for _, f := range optional {
			b.WriteString("- " + f + "\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// body is everything after the fix list: the evidence a reviewer checks.
func body(r *policy.Result) string {
	var b strings.Builder
	b.WriteString(ruleTable(r))
	b.WriteString(deviations(r))
	b.WriteString(vocabulary(r))
	b.WriteString(evidenceSection(r))
	b.WriteString(classification(r))
	return b.String()
}

func ruleTable(r *policy.Result) string {
	var b strings.Builder
	b.WriteString("| Rule | Clause | Status | Finding |\n|---|---|---|---|\n")
	for _, rule := range r.Rules {
		status := symbols[rule.Status] + " " + string(rule.Status)
		if rule.Status == policy.StatusAdvisory {
			status += " " + doesNotBlock(r.Class)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", inertInCell(rule.Title), inertInCell(rule.Clauses), status, inertInCell(rule.Reason))
	}
	return b.String() + "\n"
}

func deviations(r *policy.Result) string {
	if len(r.Deviations) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("**Deviations from the class " + string(r.Class) + " defaults** (justified in " + code(r.PolicySource) + ")\n\n")
	b.WriteString("| Rule | Setting | Default | Configured | Justification |\n|---|---|---|---|---|\n")
	for _, d := range r.Deviations {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", d.Rule, inertInCell(d.Setting), inertInCell(d.Default), inertInCell(d.Configured), inertInCell(d.Justification))
	}
	return b.String() + "\n"
}

func evidenceSection(r *policy.Result) string {
	var b strings.Builder
	for _, rule := range r.Rules {
		lines := EvidenceLines(rule)
		for i, l := range lines {
			lines[i] = inert(l)
		}
		b.WriteString(list("Evidence: "+rule.Title, lines))
	}
	return b.String()
}

// EvidenceLines words a rule's evidence, one "kind: item" line per fact, as plain text.
func EvidenceLines(rule policy.RuleResult) []string {
	var items []string
	for _, g := range evidenceGroups(rule) {
		for _, it := range g.items {
			items = append(items, g.kind+": "+it)
		}
	}
	return items
}

func classification(r *policy.Result) string {
	var items []string
	for _, s := range r.Classification.Systems {
		for _, f := range s.Files {
			items = append(items, fmt.Sprintf("%s: %s (class %s)", code(f), inert(s.Name), s.Class))
		}
	}
	for _, f := range r.Classification.Unclaimed {
		items = append(items, fmt.Sprintf("%s: no system (default class %s)", code(f), r.Classification.DefaultClass))
	}
	return classificationLine(r) + "\n\n" + list("Files by software system", items)
}

// list renders a titled bullet list of Markdown items, folded into <details> when long.
func list(title string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	folded := len(items) > detailsThreshold
	if folded {
		fmt.Fprintf(&b, "<details><summary>%s (%d)</summary>\n\n", title, len(items))
	} else {
		b.WriteString("**" + title + "**\n\n")
	}
	for _, it := range items {
		b.WriteString("- " + it + "\n")
	}
	if folded {
		b.WriteString("\n</details>\n")
	}
	return b.String() + "\n"
}
