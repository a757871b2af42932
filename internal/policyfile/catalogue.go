package policyfile

import (
	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// The keys of rules.traceability.catalogue and of its issues block.
var (
	catalogueKeys       = []string{"issues", "files", "format"}
	catalogueIssuesKeys = []string{"label"}
)

// maxCatalogueGlobs bounds the catalogue's file patterns: each costs directory reads on every
// evaluation.
const maxCatalogueGlobs = 10

// catalogue decodes where requirement IDs are defined: issues with a label, or files in one
// format. Exactly one source: a catalogue that mixed both would let an ID defined in either
// pass, and a reader could not tell which one an auditor should read.
func (d *decoder) catalogue(n *yaml.Node, what, requirementLabel string) *policy.Catalogue {
	c := &policy.Catalogue{}
	have := map[string]*yaml.Node{}
	ok := true
	d.mapping(n, what, catalogueKeys, func(key string, k, v *yaml.Node) {
		have[key] = k
		switch key {
		case "issues":
			c.IssueLabel = requirementLabel
			ok = d.catalogueIssues(v, what+".issues", c) && ok
		case "files":
			ok = d.catalogueFiles(v, what+".files", c) && ok
		case "format":
			s, good := d.oneOf(v, what+".format", formatNames()...)
			c.Format, ok = policy.CatalogueFormat(s), good && ok
		}
	})
	if n.Kind != yaml.MappingNode {
		return nil
	}
	switch {
	case have["issues"] != nil && have["files"] != nil:
		d.errorf(have["files"], "%s: name one source of requirements, issues or files, not both", what)
	case have["issues"] == nil && have["files"] == nil:
		d.errorf(n, `%s: name where requirements are defined: issues (e.g. "issues: {label: requirement}") or files (e.g. "files: [docs/requirements/*.md]")`, what)
	case have["issues"] != nil && have["format"] != nil:
		d.errorf(have["format"], "%s.format: applies to files only; an issue defines the ID its title starts with", what)
	default:
		if !ok {
			return nil
		}
		if c.Files != nil && c.Format == "" {
			c.Format = policy.CatalogueMarkdown
		}
		return c
	}
	return nil
}

// catalogueIssues decodes issues: {label: L}; without a label, the requirement label stays.
func (d *decoder) catalogueIssues(n *yaml.Node, what string, c *policy.Catalogue) bool {
	ok := true
	d.mapping(n, what, catalogueIssuesKeys, func(_ string, _, v *yaml.Node) {
		s, good := d.str(v, what+".label")
		c.IssueLabel, ok = s, good
	})
	return ok && n.Kind == yaml.MappingNode
}

func (d *decoder) catalogueFiles(n *yaml.Node, what string, c *policy.Catalogue) bool {
	globs, ok := d.globs(n, what)
	if !ok || d.emptyList(n, what, "defines no requirement, so no ID would ever count") {
		return false
	}
	if len(globs) > maxCatalogueGlobs {
		d.errorf(n.Content[maxCatalogueGlobs], "%s: at most %d patterns; a catalogue lives in a few folders", what, maxCatalogueGlobs)
		return false
	}
	c.Files = globs
	return true
}

func formatNames() []string {
	out := make([]string, len(policy.CatalogueFormats))
	for i, f := range policy.CatalogueFormats {
		out[i] = string(f)
	}
	return out
}
