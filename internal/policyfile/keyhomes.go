package policyfile

import (
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// keyBlock is one block of the policy file and the keys it takes.
type keyBlock struct {
	where string
	keys  []string
}

// keyBlocks lists every block of a repository policy file, so that a key written in the
// wrong block can be sent where it belongs.
func keyBlocks() []keyBlock {
	blocks := []keyBlock{
		{"at the top level", topKeys},
		{"under default_class", defaultClassKeys},
		{"under each entry of systems", systemKeys},
		{"under rules", ruleKeyNames()},
		{"under rules.traceability", traceabilityKeys},
		{"under rules.traceability.labels", issueKinds},
		{"under rules.traceability.catalogue", catalogueKeys},
		{"under rules.traceability.catalogue.issues", catalogueIssuesKeys},
		{"under rules.reviews", reviewsKeys},
		{"under rules.test_evidence", testEvidenceKeys},
		{"under rules.risk_impact", riskImpactKeys},
		{"under rules.soup", soupKeys},
		{"under overrides", classNames},
		{"under overrides.<class>", ruleKeyNames()},
		{"under problem_reports", problemReportKeys},
		{"under problem_reports.triggers", triggerKeys},
		{"under problem_reports.labels", stageKinds},
	}
	for _, r := range policy.Rules() {
		if len(r.Options) > 0 {
			blocks = append(blocks, keyBlock{"under rules." + r.Key, optionKeys(r)})
		}
	}
	for _, rk := range ruleKeys {
		blocks = append(blocks, keyBlock{overrideRule + rk.key, append(knobKeys(rk.id), "justification")})
	}
	return blocks
}

var allKeyBlocks = keyBlocks()

// overrideRule begins the place of every per-class setting.
const overrideRule = "under overrides.<class>."

// homes says where a key belongs ("under rules.test_evidence"), or "" for a key no block takes.
func homes(key string) string {
	var where []string
	everyRule := 0
	for _, b := range allKeyBlocks {
		if !contains(b.keys, key) {
			continue
		}
		if strings.HasPrefix(b.where, overrideRule) {
			everyRule++
			if everyRule == len(ruleKeys) {
				where = append(slices.DeleteFunc(where, func(w string) bool { return strings.HasPrefix(w, overrideRule) }), overrideRule+"<rule>")
				continue
			}
		}
		where = append(where, b.where)
	}
	if len(where) == 0 {
		return ""
	}
	return orList(where)
}

// unknownKey reports a key its block does not take: where it belongs when another block takes
// it, else the allowed keys; with the closest allowed key when it looks like a typo.
func (d *decoder) unknownKey(k *yaml.Node, what string, allowed []string) {
	hint := suggest(k.Value, allowed)
	if home := homes(k.Value); home != "" && !d.bundled {
		if hint != "" {
			hint = "; or " + strings.TrimSuffix(strings.TrimPrefix(hint, " ("), ")")
		}
		d.errorf(k, "%s: %q belongs %s%s", what, k.Value, home, hint)
		return
	}
	d.errorf(k, "%s: unknown key %q%s; allowed keys: %s", what, k.Value, hint, strings.Join(allowed, ", "))
}
