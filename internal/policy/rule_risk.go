package policy

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/prose"
	"github.com/iec62304-bot/iec62304-bot/internal/refs"
)

// RuleRiskImpact is the risk impact rule's id.
const RuleRiskImpact RuleID = "risk-impact"

// RiskImpactRule is the per-class part of the risk impact rule.
type RiskImpactRule struct {
	Enforcement Enforcement
	// RequireRecord: an impact above the first (no-impact) label needs a risk record ID in the body.
	RequireRecord bool
}

// RiskImpact returns the class's RiskImpactRule settings.
func (r ClassRules) RiskImpact() RiskImpactRule { return settingsOf[RiskImpactRule](r, RuleRiskImpact) }

var _ = register(&Rule{
	ID: RuleRiskImpact, Key: "risk_impact", Title: "Risk impact", Clauses: "7.4", order: 40,
	judge: riskImpact,
	Settings: []Setting{
		enforcementSetting(RuleRiskImpact, func(r *RiskImpactRule) *Enforcement { return &r.Enforcement }),
		boolSetting(RuleRiskImpact, "require_record", func(r *RiskImpactRule) *bool { return &r.RequireRecord }),
	},
})

// riskImpact (7.4): exactly one risk-impact label; an impact above the first ("none") label
// names the risk record that was re-assessed, where the class requires it.
func riskImpact(e *evaluation) RuleResult {
	settings := e.policy.Config.RiskImpact
	labels := []string{}
	for _, want := range settings.Labels {
		for _, l := range e.snap.Pull.Labels {
			if strings.EqualFold(l.GetName(), want) { // GitHub label names ignore case
				labels = append(labels, want)
			}
		}
	}
	records := refs.IDs(settings.RecordPattern, e.snap.Pull.GetBody())
	if records == nil {
		records = []string{}
	}
	rr := RuleResult{Evidence: Evidence{Risk: &Risk{Labels: labels, Records: records}}}
	requireRecord := e.rules.RiskImpact().RequireRecord
	switch {
	case len(labels) == 0:
		rr.Status, rr.Reason = StatusFail, "No risk impact label."
		rr.Todo = []Todo{todo(Action{Who: theAuthor, Do: DoAddRiskLabel, Labels: settings.Labels})}
	case len(labels) > 1:
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("%d risk impact labels (%s); the impact must be one.", len(labels), joinAnd(quoted(labels)))
		rr.Todo = []Todo{todo(Action{Who: theAuthor, Do: DoKeepOneRiskLabel, Labels: labels})}
	case labels[0] != settings.Labels[0] && requireRecord && len(records) == 0:
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("`%s` but no risk record in the description.", labels[0])
		rr.Todo = []Todo{todo(Action{Who: theAuthor, Do: DoAddRiskRecord, Pattern: settings.RecordPattern.String(), Labels: settings.Labels[:1]})}
	case labels[0] != settings.Labels[0] && len(records) > 0:
		rr.Status, rr.Reason = StatusPass, fmt.Sprintf("`%s`, risk record %s.", labels[0], joinAnd(records))
	default:
		rr.Status, rr.Reason = StatusPass, fmt.Sprintf("`%s`.", labels[0])
	}
	return rr
}

var quoted = prose.Quoted
