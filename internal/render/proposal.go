package render

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// proposalLead opens a report on a pull request that changes the policy file: what it
// proposes, then the heading of the verdict under the base branch's policy; empty otherwise.
func proposalLead(r *policy.Result) string {
	if r.Proposal == nil {
		return ""
	}
	return Proposal(r.Proposal) + "**Under the base branch's policy**\n\n"
}

// proposalLines words the proposal for a terminal: whether the proposed file is valid, and
// its problems or the deviations it would change, one line each.
func proposalLines(p *policy.Proposal) []string {
	if !p.Valid() {
		return append([]string{"This pull request changes " + p.Path + ", and the proposed file is invalid (the check fails until it is fixed):"}, p.Problems...)
	}
	lines := []string{"This pull request changes " + p.Path + " (it is judged by the base branch's policy; the proposal is valid)."}
	for _, d := range p.Added {
		lines = append(lines, fmt.Sprintf("adds deviation %s %s.%s %s -> %s: %s", d.Class, d.Rule, d.Setting, d.Default, d.Configured, d.Justification))
	}
	for _, c := range p.Changed {
		d := c.After
		lines = append(lines, fmt.Sprintf("changes deviation %s %s.%s %s -> %s (was %s): %s", d.Class, d.Rule, d.Setting, d.Default, d.Configured, c.Before.Configured, d.Justification))
	}
	for _, d := range p.Removed {
		lines = append(lines, fmt.Sprintf("removes deviation %s %s.%s %s -> %s", d.Class, d.Rule, d.Setting, d.Default, d.Configured))
	}
	return lines
}

// Proposal words what a pull request that changes the policy file proposes: the problems of
// an invalid proposal, else the deviations it adds, removes or changes against the base.
func Proposal(p *policy.Proposal) string {
	var b strings.Builder
	if !p.Valid() {
		b.WriteString("❌ **This pull request changes " + code(p.Path) + ", and the proposed file is invalid**: the check fails until it is fixed " +
			"(the pull request is judged by the base branch's policy meanwhile).\n\n")
		b.WriteString("**What to do**: fix these problems in this pull request; check the file with " + code("iec62304-bot validate "+p.Path) + ".\n\n")
		b.WriteString(fenced(p.Problems))
		return b.String() + "\n"
	}
	b.WriteString("**This pull request changes " + code(p.Path) + "** (it is judged by the base branch's policy; the proposal is valid).")
	if len(p.Added)+len(p.Removed)+len(p.Changed) == 0 {
		return b.String() + " It adds, removes and changes no deviation.\n\n"
	}
	b.WriteString(" Deviations it would change:\n\n| Change | Class | Setting | Default | Configured | Justification |\n|---|---|---|---|---|---|\n")
	row := func(change string, d policy.Deviation, configured string) {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", change, d.Class, inertInCell(string(d.Rule)+" "+d.Setting), inertInCell(d.Default), inertInCell(configured), inertInCell(d.Justification))
	}
	for _, d := range p.Added {
		row("adds", d, d.Configured)
	}
	for _, c := range p.Changed {
		row("changes", c.After, c.Before.Configured+" → "+c.After.Configured)
	}
	for _, d := range p.Removed {
		row("removes", d, d.Configured)
	}
	return b.String() + "\n"
}
