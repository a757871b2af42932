package policyfile

import (
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// Warnings are what a valid policy relies on that its author may not expect; validate prints
// them, and they never make a policy invalid.
func Warnings(p *policy.Policy) []string {
	var out []string
	if len(p.Config.TestEvidence.RequiredChecks) == 0 && usesClassBOrC(p.Config) {
		out = append(out, p.Source+": warning: rules.test_evidence.required_checks is empty, so class B and C test evidence relies on changed test files and on no check run or commit status of the head commit being red; list the CI jobs that run the tests")
	}
	return out
}

// usesClassBOrC reports whether any file can be class B or C: a system of that class, or the
// default class.
func usesClassBOrC(cfg policy.Config) bool {
	if cfg.DefaultClass.Rank() >= policy.ClassB.Rank() {
		return true
	}
	for _, s := range cfg.Systems {
		if s.Class.Rank() >= policy.ClassB.Rank() {
			return true
		}
	}
	return false
}
