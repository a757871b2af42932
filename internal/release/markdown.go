package release

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Markdown is the release record as a document for the technical file: the answer first,
// then each of the auditor's four questions with the clauses it serves. Every value taken
// from GitHub is inert (no pings, links or broken tables).
func Markdown(r *Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Release record: %s %s...%s\n\n", render.Inert(r.Repo), render.Code(r.From.Name), render.Code(r.To.Name))
	b.WriteString(summaryLine(r) + "\n\n")
	fmt.Fprintf(&b, "From %s (%s) to %s (%s). Generated %s by iec62304-bot %s with %d GitHub API calls.\n\n",
		render.Code(snapshot.ShortSHA(r.From.SHA)), day(r.From), render.Code(snapshot.ShortSHA(r.To.SHA)), day(r.To), r.GeneratedAt.UTC().Format("2006-01-02 15:04 MST"), render.Inert(r.BotVersion), r.APICalls)
	writeChanges(&b, r)
	writeDeviations(&b, r)
	writeTraceability(&b, r)
	writeNotTouched(&b, r)
	writeAnomalies(&b, r)
	writeSOUP(&b, r.SOUP)
	return b.String()
}

// summaryLine is the verdict a reader needs first.
func summaryLine(r *Record) string {
	if len(r.Deviations) == 0 {
		return fmt.Sprintf("**Every change followed the process**: %s, each merged with a passing verdict; %s.",
			count(len(r.Changes), "pull request", "pull requests"), count(len(r.Anomalies), "known anomaly", "known anomalies"))
	}
	return fmt.Sprintf("**%s did not follow the process** (see Deviations); %s in all; %s.",
		count(len(r.Deviations), "change", "changes"), count(len(r.Changes), "pull request", "pull requests"), count(len(r.Anomalies), "known anomaly", "known anomalies"))
}

func writeChanges(b *strings.Builder, r *Record) {
	b.WriteString("## Changes and their process (5.1, 5.5-5.7, 7.4, 8.2)\n\n")
	if len(r.Changes) == 0 {
		b.WriteString("No pull request was merged in this range.\n\n")
		return
	}
	b.WriteString("| PR | Title | Class | Verdict at merge | Traces to | Approved by | Tests and checks | Risk | SOUP |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, c := range r.Changes {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			pullRef(c.Number), render.Cell(c.Title)+revertNote(c), dash(c.Class), verdictCell(c),
			list(append(append(append([]string{}, c.Requirements...), c.ChangeRequests...), c.ProblemReports...)),
			list(c.Approvers), list(append(append([]string{}, c.TestFiles...), c.Checks...)),
			list(append(append([]string{}, c.RiskLabels...), c.RiskRecords...)), list(c.SOUPManifests))
	}
	b.WriteString("\n")
}

func writeDeviations(b *strings.Builder, r *Record) {
	b.WriteString("## Deviations\n\n")
	if len(r.Deviations) == 0 {
		b.WriteString("None: no direct pushes, and every pull request merged with a passing verdict.\n\n")
		return
	}
	b.WriteString("| Change | Kind | What | By | Problem report |\n|---|---|---|---|---|\n")
	for _, d := range r.Deviations {
		change := render.Code(snapshot.ShortSHA(d.SHA))
		if d.Number > 0 {
			change = pullRef(d.Number)
		}
		report := "none filed"
		if d.Report > 0 {
			report = pullRef(d.Report)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", change, d.Kind, render.Cell(d.What), render.Code(d.Who), report)
	}
	b.WriteString("\n")
}

func writeTraceability(b *strings.Builder, r *Record) {
	b.WriteString("## Traceability (5.1.1, 7.3.3)\n\nRequirement to pull requests; each pull request's requirements are in the Changes table.\n\n")
	if len(r.Requirements) == 0 {
		b.WriteString("No change in this range traces to a requirement.\n\n")
		return
	}
	// Titles come from the catalogue; without one there are none to show.
	titled := r.Catalogue != nil
	if titled {
		b.WriteString("| Requirement | Title | Pull requests |\n|---|---|---|\n")
	} else {
		b.WriteString("| Requirement | Pull requests |\n|---|---|\n")
	}
	for _, t := range r.Requirements {
		refs := make([]string, len(t.Pulls))
		for i, n := range t.Pulls {
			refs[i] = pullRef(n)
		}
		title := ""
		if titled {
			title = " " + dash(render.Cell(t.Title)) + " |"
		}
		fmt.Fprintf(b, "| %s |%s %s |\n", render.Code(t.Requirement), title, strings.Join(refs, ", "))
	}
	b.WriteString("\n")
}

func writeAnomalies(b *strings.Builder, r *Record) {
	b.WriteString("## Known residual anomalies (5.8, 9)\n\nProblem reports open when the release was cut.\n\n")
	if len(r.Anomalies) == 0 {
		b.WriteString("None.\n\n")
		return
	}
	b.WriteString("| Report | Title | Criticality | Stage | Now |\n|---|---|---|---|---|\n")
	for _, a := range r.Anomalies {
		now := "closed since"
		if a.OpenNow {
			now = "open"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", pullRef(a.Number), render.Cell(a.Title), render.Cell(a.Criticality), render.Code(a.Stage), now)
	}
	b.WriteString("\n")
}

func writeSOUP(b *strings.Builder, s SOUPChanges) {
	b.WriteString("## SOUP (8.1.2)\n\n")
	if !s.Complete {
		b.WriteString("A change in this range touched more files than GitHub lists (3000 per pull request or commit): a changed manifest may be missing below; the Changes table lists each pull request's.\n\n")
	}
	fmt.Fprintf(b, "Manifests changed: %s. Lines added to %s: %s. Removed: %s.\n\n", list(s.Manifests), render.Code(s.ListPath), list(s.Added), list(s.Removed))
	if s.List == "" {
		fmt.Fprintf(b, "There is no SOUP list at %s in this release.\n", render.Code(s.ListPath))
		return
	}
	fmt.Fprintf(b, "The SOUP list at the release:\n\n%s\n", fenced(s.List))
}

// fenced puts text in a code block no line of it can close.
func fenced(s string) string {
	fence := "```"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence + "\n" + strings.TrimRight(s, "\n") + "\n" + fence + "\n"
}

func verdictCell(c Change) string {
	if c.Basis == BasisNone {
		return "none: " + render.Cell(c.Problem)
	}
	v := c.Verdict
	switch c.Basis {
	case BasisFresh:
		v += " (evaluated now: no record from merge)"
	case BasisLastBeforeMerge:
		v += " (last evaluation before the merge)"
	}
	return v
}

func revertNote(c Change) string {
	switch {
	case c.RevertedBy > 0:
		return " (reverted by " + pullRef(c.RevertedBy) + ")"
	case c.Reverts > 0:
		return " (reverts " + pullRef(c.Reverts) + ")"
	}
	return ""
}

// pullRef names a pull request or issue of the repository; the record is a file, so a plain
// #N is what a reader searches for.
func pullRef(n int) string { return "#" + strconv.Itoa(n) }

func list(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = render.Code(s)
	}
	return strings.Join(out, ", ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func day(r Ref) string {
	if r.Date.IsZero() {
		return "date unknown"
	}
	return r.Date.UTC().Format("2006-01-02")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
