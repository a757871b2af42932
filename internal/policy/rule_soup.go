package policy

import "fmt"

// RuleSOUP is the SOUP change control rule's id.
const RuleSOUP RuleID = "soup"

// SOUPRule is the per-class part of the SOUP rule.
type SOUPRule struct {
	Enforcement Enforcement
}

// SOUP returns the class's SOUPRule settings.
func (r ClassRules) SOUP() SOUPRule { return settingsOf[SOUPRule](r, RuleSOUP) }

var _ = register(&Rule{
	ID: RuleSOUP, Key: "soup", Title: "SOUP change control", Clauses: "8.1.2", order: 50,
	judge: soup,
	Settings: []Setting{
		enforcementSetting(RuleSOUP, func(r *SOUPRule) *Enforcement { return &r.Enforcement }),
	},
})

// soup (8.1.2): a change to a dependency manifest also updates the SOUP list, so every
// third-party component stays identified, versioned and evaluated.
func soup(e *evaluation) RuleResult {
	settings := e.policy.Config.SOUP
	manifests := e.files.matchingManifests(settings.Manifests)
	if len(manifests) == 0 {
		return RuleResult{Status: StatusSkipped, Reason: "No dependency manifest changed."}
	}
	found := &SOUP{Manifests: manifests, List: settings.ListPath, ListChanged: e.files.contains(settings.ListPath)}
	rr := RuleResult{Evidence: Evidence{SOUP: found}}
	if found.ListChanged {
		rr.Status, rr.Reason = StatusPass, fmt.Sprintf("%s changed and `%s` was updated.", joinAnd(quoted(firstN(manifests, 3))), settings.ListPath)
		return rr
	}
	rr.Status = StatusFail
	rr.Reason = fmt.Sprintf("%s changed but `%s` did not.", joinAnd(quoted(firstN(manifests, 3))), settings.ListPath)
	rr.Todo = []Todo{todo(Action{Who: theAuthor, Do: DoUpdateSOUPList, Paths: []string{settings.ListPath}})}
	return rr
}
