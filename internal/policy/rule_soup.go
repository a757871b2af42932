package policy

import "fmt"

// soup (8.1.2): a change to a dependency manifest also updates the SOUP list, so every
// third-party component stays identified, versioned and evaluated.
func soup(e *evaluation) RuleResult {
	settings := e.policy.Config.SOUP
	manifests := e.files.matchingManifests(settings.Manifests)
	rr := RuleResult{Evidence: evidence("manifests", manifests)}
	switch {
	case len(manifests) == 0:
		rr.Status, rr.Reason = StatusSkipped, "No dependency manifest changed."
	case e.files.contains(settings.ListPath):
		rr.Status, rr.Reason = StatusPass, fmt.Sprintf("%s changed and `%s` was updated.", joinAnd(quoted(firstN(manifests, 3))), settings.ListPath)
	default:
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("%s changed but `%s` did not.", joinAnd(quoted(firstN(manifests, 3))), settings.ListPath)
		rr.Fix = []string{fmt.Sprintf("Update `%s` in this PR: name, version and evaluation of each added or changed dependency.", settings.ListPath)}
	}
	return rr
}
