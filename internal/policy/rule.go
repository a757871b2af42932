package policy

import (
	"slices"
)

// RuleID identifies a rule in results and configuration.
type RuleID string

// Rule describes one rule in the one place the engine, the policy file parser and validator,
// and the documentation test all read: adding a rule is adding its file (which registers its
// descriptor), its settings in the bundled class files, and its documentation.
type Rule struct {
	ID RuleID
	// Key is the rule's key in the policy file, under `rules:` and in class settings.
	Key     string
	Title   string
	Clauses string
	// Settings are the per-class settings, in the order the bundled class files list them.
	// The first is always `enforcement`.
	Settings []Setting
	// Options are the class-independent settings under `rules.<Key>` that the policy file
	// parser reads from the descriptor (the older rules' are read by hand in policyfile).
	Options []Option
	// Configured says whether the policy turns the rule on; nil: always. A rule that is not
	// configured is not judged, and no report shows it.
	Configured func(c Config) bool
	// order places the rule in reports: reviewers read the rules in the same order everywhere.
	order int
	judge func(e *evaluation) RuleResult
}

var registry []*Rule

// register adds a rule's descriptor; each rule file registers its own.
func register(r *Rule) *Rule {
	registry = append(registry, r)
	slices.SortStableFunc(registry, func(a, b *Rule) int { return a.order - b.order })
	return r
}

// Rules lists every rule in reporting order.
func Rules() []*Rule { return registry }

// RuleByKey finds a rule by its policy file key.
func RuleByKey(key string) (*Rule, bool) {
	i := slices.IndexFunc(registry, func(r *Rule) bool { return r.Key == key })
	if i < 0 {
		return nil, false
	}
	return registry[i], true
}

// RuleByID finds a rule by its id.
func RuleByID(id RuleID) (*Rule, bool) {
	i := slices.IndexFunc(registry, func(r *Rule) bool { return r.ID == id })
	if i < 0 {
		return nil, false
	}
	return registry[i], true
}

// judged reports whether the rule is judged under c.
func (r *Rule) judged(c Config) bool { return r.Configured == nil || r.Configured(c) }

// enforcement is the rule's enforcement at a class: its first setting.
func (r *Rule) enforcement(c ClassRules) Enforcement {
	return Enforcement(r.Settings[0].Show(c))
}
