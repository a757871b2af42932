package problem

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Fix is a merged pull request recorded as fixing a problem report (9.4).
type Fix struct {
	Number   int    `json:"pr"`
	SHA      string `json:"sha"`
	MergedAt string `json:"merged_at"`
	MergedBy string `json:"merged_by,omitempty"`
	URL      string `json:"url,omitempty"`
}

// Report is what the bot knows about one problem report when it judges it.
type Report struct {
	Body   string
	Closed bool
	// Fixes are the merged pull requests that fix it, as the bot recorded them.
	Fixes []Fix
	// RecordPattern finds risk record IDs (the risk impact rule's record_pattern).
	RecordPattern *regexp.Regexp
}

// Finding is the state of one part.
type Finding struct {
	Part Part
	// Value is what the part says, as the bot read it; empty when missing.
	Value string
	// Problem says what is missing or wrong; empty when the part is complete.
	Problem string
}

// Assessment is a problem report judged for completeness.
type Assessment struct {
	Stage    Stage
	Findings []Finding
}

// Missing are the parts that are incomplete.
func (a Assessment) Missing() []Finding {
	var out []Finding
	for _, f := range a.Findings {
		if f.Problem != "" {
			out = append(out, f)
		}
	}
	return out
}

// Assess judges a problem report. Its stage is the furthest it has come: a merged fix (or a
// reasoned "no change needed") makes it FixMerged even while investigation notes are missing,
// since the change happened; Verified needs every part. A closed report with anything
// missing is ClosedIncomplete: when in doubt, the stricter reading wins.
func Assess(r Report) Assessment {
	s := ParseSections(r.Body, ReportParts)
	var a Assessment
	for _, p := range ReportParts {
		a.Findings = append(a.Findings, judgePart(p, s, r))
	}
	complete := func(parts ...Part) bool {
		for _, f := range a.Findings {
			if slices.Contains(parts, f.Part) && f.Problem != "" {
				return false
			}
		}
		return true
	}
	switch {
	case r.Closed && len(a.Missing()) > 0:
		a.Stage = ClosedIncomplete
	case len(a.Missing()) == 0:
		a.Stage = Verified
	case complete(PartChange):
		a.Stage = FixMerged
	case complete(triageParts...):
		a.Stage = Investigating
	default:
		a.Stage = NeedsTriage
	}
	return a
}

func judgePart(p Part, s Sections, r Report) Finding {
	v := s[p.Key]
	f := Finding{Part: p, Value: v}
	switch p {
	case PartType:
		f.Problem = oneOf(v, Types, "the type")
	case PartCriticality:
		f.Problem = anyOf(v, Criticalities, "the criticality")
	case PartRiskRecords:
		f.Problem = riskRecords(v, criticalitySafety(s[PartCriticality.Key]), "criticality is safety", r.RecordPattern)
	case PartChange:
		f.Value, f.Problem = resolution(v, r.Fixes)
	default:
		if v == "" {
			f.Problem = "missing"
		}
	}
	return f
}

func oneOf(v string, choices []string, what string) string {
	if v == "" {
		return "missing"
	}
	if w := words(v); len(w) == 0 || !slices.Contains(choices, w[0]) {
		return fmt.Sprintf("%s %q is not one of %s", what, firstLine(v), strings.Join(choices, ", "))
	}
	return ""
}

func anyOf(v string, choices []string, what string) string {
	if v == "" {
		return "missing"
	}
	for _, w := range words(v) {
		if slices.Contains(choices, w) {
			return ""
		}
	}
	return fmt.Sprintf("%s %q names none of %s", what, firstLine(v), strings.Join(choices, ", "))
}

func criticalitySafety(v string) bool { return slices.Contains(words(v), "safety") }

// riskRecords judges the risk record IDs, which are needed when needed says why.
func riskRecords(v string, needed bool, why string, pattern *regexp.Regexp) string {
	switch {
	case !needed:
		return ""
	case v == "":
		return "missing (" + why + ")"
	case pattern != nil && !pattern.MatchString(v):
		return fmt.Sprintf("no risk record ID matching %s", pattern)
	}
	return ""
}

// resolution is the change request part: the recorded fixes, else a reasoned "no change
// needed". A pull request merely named in the section is no evidence of a merged fix.
func resolution(v string, fixes []Fix) (value, problem string) {
	if len(fixes) > 0 {
		var b strings.Builder
		for i, f := range fixes {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "#%d merged as %s", f.Number, short(f.SHA))
		}
		return b.String(), ""
	}
	if loc := noChange.FindStringIndex(v); loc != nil {
		if len(strings.TrimSpace(strings.Trim(v[loc[1]:], ":.- "))) >= minRationale {
			return v, ""
		}
		return v, "\"no change needed\" needs a reason (at least 20 characters)"
	}
	return v, "no merged fix yet"
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 60 {
		line = line[:60] + "..."
	}
	return line
}
