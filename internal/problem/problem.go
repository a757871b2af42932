// Package problem is the problem resolution process of IEC 62304 clause 9, and the change
// request checks of clause 8.2.1, as issues a person fills in: the sections a report has, what
// each stage needs, the stage label, the bot's one status comment, and the hidden markers that
// find a report by its cause. Pure: no I/O, no clock; callers pass times in.
package problem

import (
	"regexp"
	"strings"
)

// Stage is how far a problem report has come.
type Stage int

// The stages, in order. ClosedIncomplete is a closed report that lacks something.
const (
	NeedsTriage Stage = iota
	Investigating
	FixMerged
	Verified
	ClosedIncomplete
)

// Part is one section of an issue a person fills in.
type Part struct {
	Key     string
	Heading string
	Clause  string
	// Hint says what to write; it is the placeholder of an empty section.
	Hint string
}

// Problem report parts, in the order of the report (clause 9.1, 9.2, 9.4, 9.7).
var (
	PartWhatHappened = Part{"what_happened", "What happened and how to reproduce it", "9.1", "What went wrong, where, and the steps that show it."}
	PartType         = Part{"type", "Type", "9.1", "corrective, preventive or adaptive."}
	PartScope        = Part{"scope", "Software systems and classes", "9.1, 4.3", "The software systems affected and their safety classes."}
	PartVersions     = Part{"versions", "Affected versions", "9.1", "The released versions or commits that have the problem."}
	PartCriticality  = Part{"criticality", "Criticality", "9.1", "safety, performance or security (one or more), or none."}
	PartRootCause    = Part{"root_cause", "Root cause", "9.2", "Why it happened, found by investigation."}
	PartRelevance    = Part{"relevance", "Relevance to safety", "9.2", "Whether and how the problem can contribute to a hazard."}
	PartRiskRecords  = Part{"risk_records", "Risk record IDs", "9.2, 7.4", "The risk records (e.g. RISK-42) this problem touches; needed when criticality is safety."}
	PartChange       = Part{"change_request", "Change request", "9.4", "The pull requests that fix it (Fixes #this-issue in their description), or \"No change needed:\" and why."}
	PartVerification = Part{"verification", "Verification", "9.7", "How the fix was verified: tests run, results, who checked."}
)

// ReportParts are the sections of a problem report.
var ReportParts = []Part{PartWhatHappened, PartType, PartScope, PartVersions, PartCriticality,
	PartRootCause, PartRelevance, PartRiskRecords, PartChange, PartVerification}

// triageParts must be present before investigation starts (9.1).
var triageParts = []Part{PartWhatHappened, PartType, PartScope, PartVersions, PartCriticality}

// Types are the kinds of problem report of clause 9.1.
var Types = []string{"corrective", "preventive", "adaptive"}

// Criticalities are the criticality words a report may give.
var Criticalities = []string{"safety", "performance", "security", "none"}

// noChange opens a resolution that needs no change; what follows it must say why.
var noChange = regexp.MustCompile(`(?i)no change (is )?needed`)

// minRationale is the least text a "no change needed" rationale must have.
const minRationale = 20

// Sections are the filled-in sections of an issue body, by part key.
type Sections map[string]string

// ParseSections reads an issue body as GitHub renders issue forms: a "### Heading" line opens
// each section. Headings match parts case-blind; text in HTML comments, the form's
// "_No response_" and placeholders such as TBD count as empty.
func ParseSections(body string, parts []Part) Sections {
	out := Sections{}
	var key string
	var text strings.Builder
	flush := func() {
		if key != "" {
			if v := clean(text.String()); v != "" {
				out[key] = v
			}
		}
		text.Reset()
	}
	for _, line := range strings.Split(stripComments(body), "\n") {
		if h, ok := strings.CutPrefix(strings.TrimSpace(line), "### "); ok {
			flush()
			key = partKey(h, parts)
			continue
		}
		text.WriteString(line + "\n")
	}
	flush()
	return out
}

func partKey(heading string, parts []Part) string {
	heading = strings.TrimSpace(heading)
	for _, p := range parts {
		if strings.EqualFold(heading, p.Heading) {
			return p.Key
		}
	}
	return ""
}

var comments = regexp.MustCompile(`(?s)<!--.*?-->`)

func stripComments(s string) string {
	return comments.ReplaceAllString(strings.ReplaceAll(s, "\r\n", "\n"), "")
}

// placeholders say nothing: a section holding only one of them is empty.
var placeholders = []string{"_no response_", "tbd", "todo", "tbc", "...", "-", "n/a"}

func clean(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range placeholders {
		if strings.EqualFold(s, p) {
			return ""
		}
	}
	return s
}

// words splits a section into lower-case words (commas, spaces and list marks separate them).
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '*' || r == '/' || r == ';'
	})
}
