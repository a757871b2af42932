package policyfile

import (
	"sort"

	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// overrides applies per-class overrides to rules and returns the deviations they make. A
// loosening without a justification is a problem: auditors ask who waived what, and why.
func (d *decoder) overrides(n *yaml.Node, rules map[policy.Class]policy.ClassRules) []policy.Deviation {
	deviations := []policy.Deviation{}
	d.mapping(n, "overrides", classNames, func(key string, _, v *yaml.Node) {
		class := policy.Class(key)
		def, got := rules[class], rules[class].Clone()
		set, justifications := d.classBlock(v, "overrides."+key, &got, true)
		for _, s := range set {
			if !s.knob.looser(&def, &got) {
				continue
			}
			why := justifications[s.rule]
			if why == "" {
				d.errorf(s.node, "overrides.%s.%s.%s: %s is looser than the class %s default %s: add \"justification:\" to overrides.%s.%s explaining why (it is reported on every class %s pull request)",
					key, ruleKey(s.rule), s.knob.key, s.knob.show(&got), key, s.knob.show(&def), key, ruleKey(s.rule), key)
				continue
			}
			deviations = append(deviations, policy.Deviation{Class: class, Rule: s.rule, Setting: s.knob.key,
				Default: s.knob.show(&def), Configured: s.knob.show(&got), Justification: why})
		}
		rules[class] = got
	})
	sortDeviations(deviations)
	return deviations
}

// sortDeviations orders deviations by class, then rule in reporting order, then setting name,
// so reports and summaries do not depend on the order of keys in the file.
func sortDeviations(devs []policy.Deviation) {
	order := map[policy.RuleID]int{policy.RuleClassification: -1}
	for i, r := range ruleKeys {
		order[r.id] = i
	}
	sort.SliceStable(devs, func(i, j int) bool {
		a, b := devs[i], devs[j]
		if a.Class != b.Class {
			return a.Class.Rank() < b.Class.Rank()
		}
		if a.Rule != b.Rule {
			return order[a.Rule] < order[b.Rule]
		}
		return a.Setting < b.Setting
	})
}
