package policyfile

import (
	"strconv"

	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// ruleKeys maps the YAML key of each rule to its id, in reporting order.
var ruleKeys = []struct {
	key string
	id  policy.RuleID
}{
	{"traceability", policy.RuleTraceability},
	{"reviews", policy.RuleReviews},
	{"test_evidence", policy.RuleTestEvidence},
	{"risk_impact", policy.RuleRiskImpact},
	{"soup", policy.RuleSOUP},
}

// knob is one per-class setting: how to read it, whether a value is looser than another, and
// how to show it in a deviation.
type knob struct {
	key    string
	decode func(d *decoder, n *yaml.Node, what string, r *policy.ClassRules) bool
	looser func(def, got *policy.ClassRules) bool
	show   func(r *policy.ClassRules) string
}

// knobs lists every per-class setting of every rule.
var knobs = map[policy.RuleID][]knob{
	policy.RuleTraceability: {
		enforcementKnob(func(r *policy.ClassRules) *policy.Enforcement { return &r.Traceability.Enforcement }),
		boolKnob("require_approved_change_request", func(r *policy.ClassRules) *bool { return &r.Traceability.RequireApprovedChangeRequest }),
	},
	policy.RuleReviews: {
		enforcementKnob(func(r *policy.ClassRules) *policy.Enforcement { return &r.Reviews.Enforcement }),
		approvalsKnob(),
		boolKnob("independent", func(r *policy.ClassRules) *bool { return &r.Reviews.Independent }),
		boolKnob("require_current_head", func(r *policy.ClassRules) *bool { return &r.Reviews.RequireCurrentHead }),
		boolKnob("require_teams", func(r *policy.ClassRules) *bool { return &r.Reviews.RequireTeams }),
	},
	policy.RuleTestEvidence: {
		enforcementKnob(func(r *policy.ClassRules) *policy.Enforcement { return &r.TestEvidence.Enforcement }),
		evidenceKnob(),
	},
	policy.RuleRiskImpact: {
		enforcementKnob(func(r *policy.ClassRules) *policy.Enforcement { return &r.RiskImpact.Enforcement }),
		boolKnob("require_record", func(r *policy.ClassRules) *bool { return &r.RiskImpact.RequireRecord }),
	},
	policy.RuleSOUP: {
		enforcementKnob(func(r *policy.ClassRules) *policy.Enforcement { return &r.SOUP.Enforcement }),
	},
}

func enforcementKnob(field func(*policy.ClassRules) *policy.Enforcement) knob {
	return knob{
		key: "enforcement",
		decode: func(d *decoder, n *yaml.Node, what string, r *policy.ClassRules) bool {
			s, ok := d.oneOf(n, what, string(policy.Blocking), string(policy.Advisory))
			*field(r) = policy.Enforcement(s)
			return ok
		},
		looser: func(def, got *policy.ClassRules) bool {
			return *field(def) == policy.Blocking && *field(got) == policy.Advisory
		},
		show: func(r *policy.ClassRules) string { return string(*field(r)) },
	}
}

func boolKnob(key string, field func(*policy.ClassRules) *bool) knob {
	return knob{
		key: key,
		decode: func(d *decoder, n *yaml.Node, what string, r *policy.ClassRules) bool {
			b, ok := d.boolean(n, what)
			*field(r) = b
			return ok
		},
		looser: func(def, got *policy.ClassRules) bool { return *field(def) && !*field(got) },
		show:   func(r *policy.ClassRules) string { return strconv.FormatBool(*field(r)) },
	}
}

func approvalsKnob() knob {
	field := func(r *policy.ClassRules) *int { return &r.Reviews.Approvals }
	return knob{
		key: "approvals",
		decode: func(d *decoder, n *yaml.Node, what string, r *policy.ClassRules) bool {
			v, ok := d.integer(n, what)
			if ok && v < 0 {
				d.errorf(n, "%s: must be 0 or more, got %d", what, v)
				return false
			}
			*field(r) = v
			return ok
		},
		looser: func(def, got *policy.ClassRules) bool { return *field(got) < *field(def) },
		show:   func(r *policy.ClassRules) string { return strconv.Itoa(*field(r)) },
	}
}

func evidenceKnob() knob {
	field := func(r *policy.ClassRules) *policy.EvidenceMode { return &r.TestEvidence.Evidence }
	return knob{
		key: "evidence",
		decode: func(d *decoder, n *yaml.Node, what string, r *policy.ClassRules) bool {
			s, ok := d.oneOf(n, what, string(policy.TestsOrChecks), string(policy.TestsAndChecks))
			*field(r) = policy.EvidenceMode(s)
			return ok
		},
		looser: func(def, got *policy.ClassRules) bool {
			return *field(def) == policy.TestsAndChecks && *field(got) == policy.TestsOrChecks
		},
		show: func(r *policy.ClassRules) string { return string(*field(r)) },
	}
}

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
	for _, r := range ruleKeys {
		if r.key == key {
			return r.id
		}
	}
	return ""
}

func ruleKey(id policy.RuleID) string {
	for _, r := range ruleKeys {
		if r.id == id {
			return r.key
		}
	}
	return string(id)
}
