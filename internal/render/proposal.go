package render

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

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
