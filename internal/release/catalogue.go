package release

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/catalogue"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Catalogue is the requirement catalogue as the release record shows it (5.1.1, 7.3.3): read at
// the release's last commit, so the record lists the requirements of the release itself.
type Catalogue struct {
	// Where names it ("`docs/requirements/*.md` (Markdown headings)").
	Where string `json:"where"`
	// Requirements counts the requirements it defines.
	Requirements int `json:"requirements"`
	// Incomplete says what of it was not read, and why: then NotTouched may miss some.
	Incomplete string   `json:"incomplete,omitempty"`
	Problems   []string `json:"problems,omitempty"`
	// NotTouched are its requirements that no change in the range traces to, in its order.
	NotTouched []catalogue.Requirement `json:"not_touched"`
}

// CatalogueAt is what Build needs of the catalogue: what it defines, and how it was read.
type CatalogueAt struct {
	Where      string
	Incomplete string
	Defined    *catalogue.Defined
}

// ReadCatalogue reads the policy's requirement catalogue at a commit; nil when the policy names
// none.
func ReadCatalogue(ctx context.Context, client *github.Client, owner, repo, commit string, pol *policy.Policy) (*CatalogueAt, error) {
	t := pol.Config.Traceability
	if t.Catalogue == nil {
		return nil, nil
	}
	read, err := githubio.ReadCatalogue(ctx, client, owner, repo, commit, t.Catalogue)
	if err != nil {
		return nil, fmt.Errorf("read the requirement catalogue at %s: %w", commit, err)
	}
	return &CatalogueAt{Where: t.Catalogue.Where(), Incomplete: read.Incomplete, Defined: t.Catalogue.Defined(t.RequirementPattern, read)}, nil
}

// withCatalogue gives each trace its requirement's title and lists the catalogue's
// requirements no trace reaches. A requirement issue is reached by its ID or by a link to it.
func withCatalogue(at *CatalogueAt, traces []Trace) *Catalogue {
	if at == nil {
		return nil
	}
	reached := map[string]bool{}
	for i, t := range traces {
		r, ok := at.Defined.Lookup(t.Requirement)
		if !ok {
			r, ok = bySource(at.Defined, t.Requirement)
		}
		if ok {
			traces[i].Title = r.Title
			reached[r.ID] = true
		}
	}
	c := &Catalogue{Where: at.Where, Requirements: len(at.Defined.Requirements), Incomplete: at.Incomplete, Problems: at.Defined.Problems,
		NotTouched: []catalogue.Requirement{}}
	for _, r := range at.Defined.Requirements {
		if !reached[r.ID] {
			c.NotTouched = append(c.NotTouched, r)
		}
	}
	return c
}

// bySource finds the requirement an issue reference ("#12") defines.
func bySource(d *catalogue.Defined, ref string) (catalogue.Requirement, bool) {
	for _, r := range d.Requirements {
		if r.Source == ref {
			return r, true
		}
	}
	return catalogue.Requirement{}, false
}

// writeNotTouched lists the catalogue's requirements no change in the range traces to.
func writeNotTouched(b *strings.Builder, r *Record) {
	b.WriteString("### Requirements not touched in this range\n\n")
	c := r.Catalogue
	if c == nil {
		b.WriteString("The policy names no requirement catalogue (`rules.traceability.catalogue`), so the requirements no change touched cannot be listed.\n\n")
		return
	}
	fmt.Fprintf(b, "The catalogue (%s) defines %s at %s.", render.Inert(c.Where), count(c.Requirements, "requirement", "requirements"), render.Code(snapshot.ShortSHA(r.To.SHA)))
	if c.Incomplete != "" {
		b.WriteString(" It was not read in full (" + render.Inert(c.Incomplete) + "): a requirement in what was not read is not listed.")
	}
	if len(c.Problems) > 0 {
		problems := make([]string, len(c.Problems))
		for i, p := range c.Problems {
			problems[i] = render.Inert(p)
		}
		b.WriteString(" Entries that define nothing: " + strings.Join(problems, "; ") + ".")
	}
	b.WriteString("\n\n")
	if len(c.NotTouched) == 0 {
		b.WriteString("Every requirement of the catalogue is traced by a change in this range.\n\n")
		return
	}
	b.WriteString("| Requirement | Title | Defined in |\n|---|---|---|\n")
	for _, req := range c.NotTouched {
		fmt.Fprintf(b, "| %s | %s | %s |\n", render.Code(req.ID), dash(render.Cell(req.Title)), render.Code(req.Source))
	}
	b.WriteString("\n")
}

// requirementRows are the CSV's rows of kind "requirement" (with the pull requests that trace
// to it) and "requirement not touched" (from the catalogue), in csvHeader's columns.
func requirementRows(r *Record) [][]string {
	row := func(kind, pulls, title, id string) []string {
		out := make([]string, len(csvHeader))
		for col, v := range map[string]string{"kind": kind, "pull_request": pulls, "title": title, "requirements": id} {
			out[slices.Index(csvHeader, col)] = v
		}
		return out
	}
	var rows [][]string
	for _, t := range r.Requirements {
		pulls := make([]string, len(t.Pulls))
		for i, n := range t.Pulls {
			pulls[i] = strconv.Itoa(n)
		}
		rows = append(rows, row("requirement", join(pulls), t.Title, t.Requirement))
	}
	if r.Catalogue != nil {
		for _, req := range r.Catalogue.NotTouched {
			rows = append(rows, row("requirement not touched", "", req.Title, req.ID))
		}
	}
	return rows
}
