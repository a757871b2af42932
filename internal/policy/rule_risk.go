package policy

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/refs"
)

// riskImpact (7.4): exactly one risk-impact label; an impact above the first ("none") label
// names the risk record that was re-assessed, where the class requires it.
func riskImpact(e *evaluation) RuleResult {
	settings := e.policy.Config.RiskImpact
	var labels []string
	for _, want := range settings.Labels {
		for _, l := range e.snap.Pull.Labels {
			if strings.EqualFold(l.GetName(), want) { // GitHub label names ignore case
				labels = append(labels, want)
			}
		}
	}
	records := refs.IDs(settings.RecordPattern, e.snap.Pull.GetBody())
	rr := RuleResult{Evidence: append(evidence("labels", labels), evidence("risk records", records)...)}
	choose := fmt.Sprintf("Add exactly one of the labels %s.", joinOr(quoted(settings.Labels)))
	switch {
	case len(labels) == 0:
		rr.Status, rr.Reason, rr.Fix = StatusFail, "No risk impact label.", []string{choose}
	case len(labels) > 1:
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("%d risk impact labels (%s); the impact must be one.", len(labels), joinAnd(quoted(labels)))
		rr.Fix = []string{"Keep exactly one of " + joinAnd(quoted(labels)) + ": the highest impact the change really has."}
	case labels[0] != settings.Labels[0] && e.rules.RiskImpact.RequireRecord && len(records) == 0:
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("`%s` but no risk record in the description.", labels[0])
		rr.Fix = []string{fmt.Sprintf("Add the ID of the risk record you re-assessed (matching `%s`) to the description, or relabel `%s` if the change has no risk impact.",
			settings.RecordPattern, settings.Labels[0])}
	case labels[0] != settings.Labels[0] && len(records) > 0:
		rr.Status, rr.Reason = StatusPass, fmt.Sprintf("`%s`, risk record %s.", labels[0], joinAnd(records))
	default:
		rr.Status, rr.Reason = StatusPass, fmt.Sprintf("`%s`.", labels[0])
	}
	return rr
}
