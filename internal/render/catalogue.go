package render

import (
	"fmt"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// requirementLines words each requirement ID: where it was found, its catalogue title, or
// that the catalogue does not define it.
func requirementLines(ids []policy.RequirementID) []string {
	var out []string
	for _, id := range ids {
		line := id.ID + " (" + placeName(id.FoundIn) + ")"
		switch {
		case id.NotInCatalogue:
			line += ": not defined in the requirement catalogue, so no trace"
		case id.Title != "":
			line += ": " + id.Title
		}
		out = append(out, line)
	}
	return out
}

// catalogueLines says which catalogue the IDs were checked against and how much of it was read.
func catalogueLines(c *policy.CatalogueEvidence) []string {
	if c == nil {
		return nil
	}
	if !c.Read {
		return []string{c.Where + ": not read, so no requirement ID counts"}
	}
	out := []string{fmt.Sprintf("%s: %d %s defined", c.Where, c.Requirements, pluralWord(c.Requirements, "requirement", "requirements"))}
	if c.Incomplete != "" {
		out = append(out, "not read in full: "+c.Incomplete)
	}
	for _, p := range fewOf(c.Problems) {
		out = append(out, "defines nothing: "+p)
	}
	return out
}
