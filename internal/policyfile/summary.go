package policyfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// Summary is the one line `iec62304-bot validate` prints for a valid policy, e.g.
// ".github/iec62304.yml: valid: version 1, default class C, 1 system (dose: C), 0 deviations".
func Summary(p *policy.Policy) string {
	systems := make([]string, len(p.Config.Systems))
	for i, s := range p.Config.Systems {
		systems[i] = s.Name + ": " + string(s.Class)
	}
	devs := make([]string, len(p.Deviations))
	for i, dv := range p.Deviations {
		devs[i] = fmt.Sprintf("%s %s %s -> %s", dv.Class, settingName(dv), dv.Default, dv.Configured)
	}
	return fmt.Sprintf("%s: valid: version %d, default class %s, %s, %s", p.Source, p.Config.Version, p.Config.DefaultClass,
		counted(systems, "system", ", "), counted(devs, "deviation", "; "))
}

// counted renders "2 systems (a, b)", or "0 systems" for none.
func counted(items []string, noun, sep string) string {
	n := strconv.Itoa(len(items)) + " " + noun
	if len(items) != 1 {
		n += "s"
	}
	if len(items) == 0 {
		return n
	}
	return n + " (" + strings.Join(items, sep) + ")"
}

// settingName names a deviation's setting as the file spells it: "reviews.approvals", or for
// the classification itself "default_class" and "systems.docs.wins_over.dose".
func settingName(dv policy.Deviation) string {
	if dv.Rule == policy.RuleClassification {
		return dv.Setting
	}
	return ruleKey(dv.Rule) + "." + dv.Setting
}
