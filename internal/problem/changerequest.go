package problem

import (
	"fmt"
	"regexp"
	"strings"
)

// Change request parts (clause 8.2.1).
var (
	PartChangeWhat   = Part{"change_what", "What is to change and why", "8.2.1", "The change asked for and the reason for it."}
	PartChangeScope  = Part{"scope", "Software systems and classes", "8.2.1, 4.3", "The software systems the change touches and their safety classes."}
	PartSafetyImpact = Part{"safety_impact", "Impact on safety", "8.2.1, 7.4", "One of the risk impact labels, lowest (no impact) first."}
	PartCRRisk       = Part{"risk_records", "Risk record IDs", "7.4", "The risk records (e.g. RISK-42) the change affects; needed when the impact is above none."}
	PartApproval     = Part{"approval", "Approval", "8.2.1", "Approval by someone other than the requester, with the approval label."}
)

// ChangeRequestParts are the sections of a change request issue; approval is a label, not a
// section.
var ChangeRequestParts = []Part{PartChangeWhat, PartChangeScope, PartSafetyImpact, PartCRRisk}

// ChangeRequest is what the bot knows about one change request issue.
type ChangeRequest struct {
	Body string
	// ImpactLabels are the risk impact labels, lowest (no impact) first.
	ImpactLabels  []string
	RecordPattern *regexp.Regexp
	// ApprovalLabel is the label that approves a change request.
	ApprovalLabel string
	Approval      Approval
}

// Approval is who approved a change request.
type Approval struct {
	// Labelled: the issue carries the approval label.
	Labelled bool
	// By is who added it last, when known.
	By string
	// Why is set when the approval does not count (the requester approved their own, say).
	Why string
}

// CRAssessment is a change request judged against clause 8.2.1.
type CRAssessment struct {
	Findings []Finding
	// Approved: an approval that counts.
	Approved bool
	// ApprovedIncomplete: approved while required parts were missing, which the bot reports.
	ApprovedIncomplete bool
}

// Missing are the incomplete parts.
func (a CRAssessment) Missing() []Finding { return Assessment{Findings: a.Findings}.Missing() }

// AssessChangeRequest judges a change request.
func AssessChangeRequest(c ChangeRequest) CRAssessment {
	s := ParseSections(c.Body, ChangeRequestParts)
	var a CRAssessment
	impact := impactLevel(s[PartSafetyImpact.Key], c.ImpactLabels)
	for _, p := range ChangeRequestParts {
		f := Finding{Part: p, Value: s[p.Key]}
		switch {
		case p == PartSafetyImpact && f.Value != "" && impact < 0:
			f.Problem = fmt.Sprintf("%q is not one of %s", firstLine(f.Value), strings.Join(c.ImpactLabels, ", "))
		case p == PartCRRisk:
			f.Problem = riskRecords(f.Value, impact > 0, "the impact is above none", c.RecordPattern)
		case f.Value == "":
			f.Problem = "missing"
		}
		a.Findings = append(a.Findings, f)
	}
	parts := len(a.Missing()) == 0
	ap := Finding{Part: PartApproval, Value: approvalValue(c.Approval)}
	switch {
	case !c.Approval.Labelled:
		ap.Problem = fmt.Sprintf("not approved yet: the label %q is missing", c.ApprovalLabel)
	case c.Approval.Why != "":
		ap.Problem = c.Approval.Why
	default:
		a.Approved = true
		a.ApprovedIncomplete = !parts
	}
	a.Findings = append(a.Findings, ap)
	return a
}

func approvalValue(ap Approval) string {
	if !ap.Labelled {
		return ""
	}
	if ap.By == "" {
		return "labelled (by whom is unknown)"
	}
	return "labelled by @" + ap.By
}

// impactLevel is the index of the impact among labels (the label, or its part after the
// colon: "high" for "risk:high"), or -1.
func impactLevel(v string, labels []string) int {
	w := words(v)
	if len(w) == 0 {
		return -1
	}
	for i, l := range labels {
		l = strings.ToLower(l)
		_, suffix, _ := strings.Cut(l, ":")
		if w[0] == l || (suffix != "" && w[0] == suffix) {
			return i
		}
	}
	return -1
}

// CRStatusComment is the body of the one status comment on a change request.
func CRStatusComment(a CRAssessment) string {
	var b strings.Builder
	b.WriteString(StatusMarker + "\n")
	missing := a.Missing()
	switch {
	case a.ApprovedIncomplete:
		fmt.Fprintf(&b, "**Change request: approved while %d required parts are missing.** Clause 8.2.1 asks for them before approval; complete them, and have the approval checked again.\n", len(missing))
	case len(missing) == 0:
		b.WriteString("**Change request: complete and approved** (8.2.1).\n")
	default:
		fmt.Fprintf(&b, "**Change request: %d of %d parts missing** (8.2.1).\n\nTo do next:\n", len(missing), len(a.Findings))
	}
	for _, f := range missing {
		fmt.Fprintf(&b, "- **%s** (%s): %s. %s\n", f.Part.Heading, f.Part.Clause, f.Problem, f.Part.Hint)
	}
	b.WriteString("\n<details><summary>Every part</summary>\n\n| part | clause | status |\n|---|---|---|\n")
	for _, f := range a.Findings {
		status := partStatus(f)
		if f.Problem == "" && f.Value != "" && f.Part == PartApproval {
			status = f.Value
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", f.Part.Heading, f.Part.Clause, status)
	}
	b.WriteString("\n</details>\n")
	return b.String()
}
