package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/release"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// The last part of the story with the in-process server: the release record an auditor asks
// for, over what the story merged since the previous release.

// playRelease merges the story's passing pull requests that are still open, then reads the
// release record since the previous release on its page, as the reviewer, and prints what it
// answers to each of the auditor's four questions.
func playRelease(ctx context.Context, h *harness.Harness, branch *mainBranch, w io.Writer) error {
	fmt.Fprintf(w, "\nRelease record: what went into the release since %s, as an auditor asks for it.\n", releaseTag)
	for _, n := range []int{101, 106} {
		branch.merge(n, "maya")
		if err := sendAndWait(ctx, h, "pull_request", fmt.Sprintf("merge-%d", n), h.GitHub.PullRequestEvent("closed", owner, repo, n, harness.InstallationID)); err != nil {
			return fmt.Errorf("merge #%d: %w", n, err)
		}
	}
	fmt.Fprintf(w, "  merged     #101 and #106 by maya; main now holds #102, #104, #101 and #106 since %s\n", releaseTag)
	page := fmt.Sprintf("%s/repos/%s/%s/release-record?%s", h.URL, owner, repo, url.Values{"from": {releaseTag}, "to": {"main"}}.Encode())
	verdict, err := pageVerdict(ctx, h, page)
	if err != nil {
		return fmt.Errorf("the release record page: %w", err)
	}
	body, err := openAsReviewer(ctx, h, page+"&format=json")
	if err != nil {
		return fmt.Errorf("the release record as JSON: %w", err)
	}
	var rec release.Record
	if err := json.Unmarshal(body, &rec); err != nil {
		return fmt.Errorf("the release record as JSON: %w", err)
	}
	fmt.Fprintf(w, "  verdict    %s\n", verdict)
	printRecord(w, &rec)
	fmt.Fprintf(w, "  page       %s (behind the same GitHub login as the details page; Markdown, CSV and JSON downloads)\n", page)
	fmt.Fprintf(w, "  GitHub     %d API calls for the record\n", rec.APICalls)
	if msg := checkRecord(&rec); msg != "" {
		fmt.Fprintf(w, "  result     NOT AS EXPECTED: %s\n", msg)
		return fmt.Errorf("demo: the release record is not as expected: %s", msg)
	}
	fmt.Fprintln(w, "  result     as expected: four changes, the bypass merge a deviation with its problem report, requirements with their titles")
	return nil
}

// printRecord answers the auditor's four questions from the record, one line each (two for
// traceability: both directions of the catalogue).
func printRecord(w io.Writer, rec *release.Record) {
	var changes, bases []string
	for _, c := range rec.Changes {
		changes = append(changes, fmt.Sprintf("#%d %s", c.Number, c.Verdict))
		if !slices.Contains(bases, string(c.Basis)) {
			bases = append(bases, string(c.Basis))
		}
	}
	fmt.Fprintf(w, "  changes    (5.1, 5.5-5.7, 7.4, 8.2) %s; verdicts %s\n", strings.Join(changes, ", "), strings.Join(bases, " or "))
	for _, d := range rec.Deviations {
		fmt.Fprintf(w, "  deviation  %s\n", deviation(d))
	}
	var traces []string
	for _, t := range rec.Requirements {
		traces = append(traces, fmt.Sprintf("%s ← %s", titledID(t.Requirement, t.Title), pullList(t.Pulls)))
	}
	fmt.Fprintf(w, "  traces     (5.1.1, 7.3.3) %s\n", orNone(traces))
	if rec.Catalogue != nil {
		var untouched []string
		for _, r := range rec.Catalogue.NotTouched {
			untouched = append(untouched, titledID(r.ID, r.Title))
		}
		fmt.Fprintf(w, "  untouched  %d of the %d requirements the catalogue defines: %s\n", len(untouched), rec.Catalogue.Requirements, orNone(untouched))
	}
	var anomalies []string
	for _, a := range rec.Anomalies {
		anomalies = append(anomalies, fmt.Sprintf("#%d %q [%s]", a.Number, a.Title, a.Stage))
	}
	fmt.Fprintf(w, "  anomalies  (5.8, 9) %s\n", orNone(anomalies))
	fmt.Fprintf(w, "  SOUP       (8.1.2) %s\n", soupLine(rec.SOUP))
}

func deviation(d release.Deviation) string {
	what := fmt.Sprintf("%s, a %s by %s", snapshot.ShortSHA(d.SHA), d.Kind, d.Who)
	if d.Number > 0 {
		what = fmt.Sprintf("#%d %s, by %s", d.Number, d.Kind, d.Who)
	}
	if d.Report > 0 {
		return fmt.Sprintf("%s; problem report #%d", what, d.Report)
	}
	return what + "; no problem report"
}

func soupLine(s release.SOUPChanges) string {
	manifests := "no dependency manifest changed"
	if len(s.Manifests) > 0 {
		manifests = "manifests changed: " + strings.Join(s.Manifests, ", ")
	}
	list := fmt.Sprintf("%s: %d line(s) added, %d removed", s.ListPath, len(s.Added), len(s.Removed))
	if s.List == "" {
		list = "no SOUP list at " + s.ListPath
	}
	return manifests + "; " + list
}

// checkRecord says what in the record is not as the story left the repository, or "".
func checkRecord(rec *release.Record) string {
	var numbers []int
	for _, c := range rec.Changes {
		numbers = append(numbers, c.Number)
	}
	switch {
	case !slices.Equal(numbers, []int{102, 104, 101, 106}):
		return fmt.Sprintf("changes %v, want #102, #104, #101 and #106 in merge order", numbers)
	case len(rec.Deviations) != 1 || rec.Deviations[0].Number != 102 || rec.Deviations[0].Report == 0:
		return fmt.Sprintf("deviations %+v, want #102 with its problem report", rec.Deviations)
	case !slices.ContainsFunc(rec.Requirements, func(t release.Trace) bool { return t.Requirement == "REQ-230" && t.Title != "" }):
		return "REQ-230 is not traced with its title"
	case rec.Catalogue == nil || len(rec.Catalogue.NotTouched) == 0:
		return "no requirement of the catalogue is listed as untouched"
	}
	return ""
}

func titledID(id, title string) string {
	if title == "" {
		return id
	}
	return id + " “" + title + "”"
}

func pullList(numbers []int) string {
	refs := make([]string, len(numbers))
	for i, n := range numbers {
		refs[i] = fmt.Sprintf("#%d", n)
	}
	return strings.Join(refs, ", ")
}

func orNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, "; ")
}
