package policyfile

import (
	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// ruleKeys maps the YAML key of each rule to its id, in reporting order: the rules'
// descriptors (policy.Rules) are the one list.
var ruleKeys = ruleKeysOf(policy.Rules())

type ruleKeyID struct {
	key string
	id  policy.RuleID
}

func ruleKeysOf(rules []*policy.Rule) []ruleKeyID {
	out := make([]ruleKeyID, len(rules))
	for i, r := range rules {
		out[i] = ruleKeyID{key: r.Key, id: r.ID}
	}
	return out
}

// knob is one per-class setting as the parser uses it: the rule descriptor's Setting.
type knob struct {
	key string
	policy.Setting
}

func (k knob) decode(d *decoder, n *yaml.Node, what string, r *policy.ClassRules) bool {
	return k.Decode(value{d: d, n: n, what: what}, *r)
}

func (k knob) looser(def, got *policy.ClassRules) bool { return k.Looser(*def, *got) }

func (k knob) show(r *policy.ClassRules) string { return k.Show(*r) }

// knobs lists every per-class setting of every rule.
var knobs = knobsOf(policy.Rules())

func knobsOf(rules []*policy.Rule) map[policy.RuleID][]knob {
	out := map[policy.RuleID][]knob{}
	for _, r := range rules {
		for _, s := range r.Settings {
			out[r.ID] = append(out[r.ID], knob{key: s.Key, Setting: s})
		}
	}
	return out
}

// value is one setting's YAML value, as the rule descriptors read it.
type value struct {
	d    *decoder
	n    *yaml.Node
	what string
}

func (v value) Bool() (bool, bool) { return v.d.boolean(v.n, v.what) }

func (v value) Int() (int, bool) { return v.d.integer(v.n, v.what) }

func (v value) OneOf(choices ...string) (string, bool) { return v.d.oneOf(v.n, v.what, choices...) }

func (v value) Strings() ([]string, bool) { return v.d.strList(v.n, v.what) }

func (v value) Errorf(format string, args ...any) {
	v.d.errorf(v.n, "%s: "+format, append([]any{v.what}, args...)...)
}

var _ policy.Value = value{}

func knobKeys(id policy.RuleID) []string {
	keys := make([]string, 0, len(knobs[id]))
	for _, k := range knobs[id] {
		keys = append(keys, k.key)
	}
	return keys
}

// setKnob records one setting read from YAML, so loosening can be judged afterwards.
type setKnob struct {
	rule policy.RuleID
	knob knob
	node *yaml.Node
}

// classBlock reads a mapping of rule keys to per-class settings (a bundled class file, or one
// class of `overrides`) onto r. With overrides, each rule block may carry a justification.
func (d *decoder) classBlock(n *yaml.Node, what string, r *policy.ClassRules, overrides bool) ([]setKnob, map[policy.RuleID]string) {
	var set []setKnob
	justifications := map[policy.RuleID]string{}
	d.mapping(n, what, ruleKeyNames(), func(key string, _, v *yaml.Node) {
		id := ruleID(key)
		allowed := knobKeys(id)
		if overrides {
			allowed = append(allowed, "justification")
		}
		d.mapping(v, what+"."+key, allowed, func(k string, _, val *yaml.Node) {
			if k == "justification" {
				justifications[id] = d.justification(val, what+"."+key+".justification")
				return
			}
			for _, kn := range knobs[id] {
				if kn.key == k && kn.decode(d, val, what+"."+key+"."+k, r) {
					set = append(set, setKnob{rule: id, knob: kn, node: val})
				}
			}
		})
	})
	return set, justifications
}

func ruleKeyNames() []string {
	names := make([]string, len(ruleKeys))
	for i, r := range ruleKeys {
		names[i] = r.key
	}
	return names
}

func ruleID(key string) policy.RuleID {
	if r, ok := policy.RuleByKey(key); ok {
		return r.ID
	}
	return ""
}

func ruleKey(id policy.RuleID) string {
	if r, ok := policy.RuleByID(id); ok {
		return r.Key
	}
	return string(id)
}
