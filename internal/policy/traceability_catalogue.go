package policy

import (
	"fmt"
	"strings"
)

// inCatalogue checks each requirement ID against the catalogue when the policy names one: a
// defined ID gets its title, an undefined one is marked and returned. Without a catalogue
// every ID matching the pattern counts, and the evidence is nil.
func inCatalogue(e *evaluation, settings TraceabilitySettings, ids []RequirementID) (*CatalogueEvidence, []string) {
	c := settings.Catalogue
	if c == nil {
		return nil, nil
	}
	ev := &CatalogueEvidence{Where: c.Where()}
	var unknown []string
	read := e.snap.Catalogue
	if read == nil {
		// Not read, so nothing is known to be defined: fail closed.
		for i := range ids {
			ids[i].NotInCatalogue = true
			unknown = append(unknown, ids[i].ID)
		}
		return ev, unknown
	}
	defined := c.Defined(settings.RequirementPattern, read)
	ev.Read, ev.Requirements, ev.Incomplete, ev.Problems = true, len(defined.Requirements), read.Incomplete, defined.Problems
	for i := range ids {
		if r, ok := defined.Lookup(ids[i].ID); ok {
			ids[i].Title = r.Title
			continue
		}
		ids[i].NotInCatalogue = true
		unknown = append(unknown, ids[i].ID)
	}
	return ev, unknown
}

// undefinedIDs fails the rule for requirement IDs the catalogue does not define. A change that
// names a requirement nobody defined leaves a trace an auditor cannot follow (a typo, or a
// requirement the pull request made up), whatever else it links: it must always fail closed.
func undefinedIDs(rr RuleResult, cat *CatalogueEvidence, unknown []string) RuleResult {
	rr.Status = StatusFail
	if cat.Read {
		rr.Reason = fmt.Sprintf("%s %s not defined in the requirement catalogue (%s on the base branch), so %s no trace.",
			joinAnd(unknown), oneOrMany(unknown, "is", "are"), cat.Where, oneOrMany(unknown, "it is", "they are"))
		if cat.Incomplete != "" {
			rr.Reason += " The catalogue was not read in full: " + strings.TrimSuffix(cat.Incomplete, ".") + "."
		}
	} else {
		rr.Reason = fmt.Sprintf("The requirement catalogue (%s) was not read, so %s cannot be checked and %s no trace.",
			cat.Where, joinAnd(unknown), oneOrMany(unknown, "is", "are"))
	}
	rr.Todo = []Todo{todo(Action{Who: theAuthor, Do: DoDefineRequirement, Requirements: unknown, Catalogue: cat.Where})}
	return rr
}

// titled is how a finding names a requirement ID: with its catalogue title, when it has one.
func titled(id RequirementID) string {
	if id.Title == "" {
		return id.ID
	}
	return id.ID + " “" + id.Title + "”"
}

// oneOrMany is one when items has one item, else many.
func oneOrMany(items []string, one, many string) string {
	if len(items) == 1 {
		return one
	}
	return many
}
