package policy

import (
	"regexp"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/catalogue"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Catalogue says where a repository defines its requirement IDs (5.2, 7.3.3): its issues with
// a label, or files on its base branch. With a catalogue, an ID it does not define is no trace.
type Catalogue struct {
	// IssueLabel: an issue with this label whose title starts with an ID defines it. Empty
	// when the catalogue is files.
	IssueLabel string
	// Files are globs of the catalogue's files, read as Format.
	Files  []string
	Format CatalogueFormat
}

// CatalogueFormat is how catalogue files define requirements.
type CatalogueFormat string

// Catalogue file formats.
const (
	// CatalogueMarkdown: each Markdown heading that starts with an ID defines it.
	CatalogueMarkdown CatalogueFormat = "markdown"
	// CatalogueDoorstop: each Doorstop item file (ID.yml) defines its ID.
	CatalogueDoorstop CatalogueFormat = "doorstop"
	// CatalogueStrictDoc: each [REQUIREMENT] of a StrictDoc document defines its UID.
	CatalogueStrictDoc CatalogueFormat = "strictdoc"
)

// CatalogueFormats lists the file formats, the default first.
var CatalogueFormats = []CatalogueFormat{CatalogueMarkdown, CatalogueDoorstop, CatalogueStrictDoc}

// Where names the catalogue for a reader: "issues labelled `requirement`", or
// "`docs/requirements/*.md` (Markdown headings)".
func (c *Catalogue) Where() string {
	if c.IssueLabel != "" {
		return "issues labelled `" + c.IssueLabel + "`"
	}
	files := make([]string, len(c.Files))
	for i, f := range c.Files {
		files[i] = "`" + f + "`"
	}
	kind := map[CatalogueFormat]string{CatalogueMarkdown: "Markdown headings", CatalogueDoorstop: "Doorstop items", CatalogueStrictDoc: "StrictDoc requirements"}[c.Format]
	return strings.Join(files, ", ") + " (" + kind + ")"
}

// String is the setting as the policy file says it, for a list of settings.
func (c *Catalogue) String() string {
	if c.IssueLabel != "" {
		return "issues labelled " + c.IssueLabel
	}
	return strings.Join(c.Files, ", ") + " as " + string(c.Format)
}

// Defined reads the requirements out of what was read of the catalogue.
func (c *Catalogue) Defined(pattern *regexp.Regexp, read *snapshot.Catalogue) *catalogue.Defined {
	switch {
	case c.IssueLabel != "":
		return catalogue.FromIssues(pattern, c.IssueLabel, read.Issues)
	case c.Format == CatalogueDoorstop:
		return catalogue.FromDoorstop(pattern, read.Files)
	case c.Format == CatalogueStrictDoc:
		return catalogue.FromStrictDoc(pattern, read.Files)
	}
	return catalogue.FromMarkdown(pattern, read.Files)
}
