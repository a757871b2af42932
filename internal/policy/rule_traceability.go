package policy

import (
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/refs"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// traceability (5.2, 6.2, 8.2): the change traces to a requirement ID, or to a linked
// requirement, change-request or problem-report issue; at class C by default a change request
// counts only once approved.
func traceability(e *evaluation) RuleResult {
	settings := e.policy.Config.Traceability
	ids := requirementIDs(e, settings)
	counted, notCounted := linkedIssues(e, settings)
	rr := RuleResult{Evidence: append(append(evidence("requirement IDs", ids), evidence("linked issues", counted)...),
		evidence("not counted", notCounted)...)}
	if len(ids) > 0 || len(counted) > 0 {
		rr.Status = StatusPass
		rr.Reason = "Traces to " + joinAnd(append(idNames(ids), counted...)) + "."
		return rr
	}
	rr.Status = StatusFail
	rr.Reason = "No requirement ID and no linked requirement, change request or problem report."
	if len(notCounted) > 0 {
		rr.Reason = "No requirement ID, and no linked issue that counts."
	}
	rr.Fix = []string{fmt.Sprintf("Add a requirement ID matching `%s` to the %s, or link a requirement, change-request or problem-report issue with \"Fixes #N\" in the description.",
		settings.RequirementPattern, joinOr(placeNames(settings.SearchIn)))}
	if e.rules.Traceability.RequireApprovedChangeRequest && hasUnapproved(notCounted) {
		rr.Fix = append(rr.Fix, fmt.Sprintf("Or get the linked change request approved: it needs the `%s` label before a class %s change may trace to it.", settings.Labels.Approved, e.class))
	}
	return rr
}

// requirementIDs finds requirement IDs in the configured places, noting where each was found.
func requirementIDs(e *evaluation, settings TraceabilitySettings) []string {
	var out []string
	seen := map[string]bool{}
	for _, place := range settings.SearchIn {
		for _, text := range placeTexts(e.snap, place) {
			for _, id := range refs.IDs(settings.RequirementPattern, text) {
				if !seen[id] {
					seen[id] = true
					out = append(out, id+" ("+placeName(place)+")")
				}
			}
		}
	}
	return out
}

func placeTexts(s *snapshot.Snapshot, place string) []string {
	switch place {
	case "title":
		return []string{s.Pull.GetTitle()}
	case "body":
		return []string{s.Pull.GetBody()}
	case "branch":
		return []string{s.Pull.GetHead().GetRef()}
	case "commits":
		texts := make([]string, len(s.Commits))
		for i, c := range s.Commits {
			texts[i] = c.GetCommit().GetMessage()
		}
		return texts
	}
	return nil
}

func placeNames(places []string) []string {
	out := make([]string, len(places))
	for i, p := range places {
		out[i] = placeName(p)
	}
	return out
}

func placeName(place string) string {
	if place == "commits" {
		return "commit message"
	}
	return place
}

func idNames(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strings.SplitN(id, " (", 2)[0]
	}
	return out
}

// linkedIssues sorts the issues the PR closes into those that count and those that do not, with why.
func linkedIssues(e *evaluation, settings TraceabilitySettings) (counted, notCounted []string) {
	owner, repo := e.snap.BaseRepo()
	for _, ref := range refs.LinkedIssues(e.snap.Pull, e.snap.Commits, owner, repo) {
		name := refName(ref, owner, repo)
		issue, ok := refs.Issue(e.snap.Issues, ref)
		if !ok {
			notCounted = append(notCounted, name+": not found (deleted, transferred, or not readable by the app)")
			continue
		}
		if why := issueCounts(issue, settings.Labels, e.rules.Traceability.RequireApprovedChangeRequest); why != "" {
			notCounted = append(notCounted, name+": "+why)
			continue
		}
		counted = append(counted, name+" ("+kindOf(issue, settings.Labels)+")")
	}
	return counted, notCounted
}

// issueCounts returns "" when the issue counts as a trace, else why not.
func issueCounts(issue *github.Issue, labels IssueLabels, requireApproved bool) string {
	switch {
	case hasLabel(issue, labels.Requirement), hasLabel(issue, labels.ProblemReport):
		return ""
	case hasLabel(issue, labels.ChangeRequest):
		if requireApproved && !hasLabel(issue, labels.Approved) {
			return fmt.Sprintf("change request without the `%s` label", labels.Approved)
		}
		return ""
	}
	return fmt.Sprintf("has none of the labels `%s`, `%s`, `%s`", labels.Requirement, labels.ChangeRequest, labels.ProblemReport)
}

func kindOf(issue *github.Issue, labels IssueLabels) string {
	switch {
	case hasLabel(issue, labels.Requirement):
		return "requirement"
	case hasLabel(issue, labels.ProblemReport):
		return "problem report"
	case hasLabel(issue, labels.Approved):
		return "approved change request"
	}
	return "change request"
}

func hasUnapproved(notCounted []string) bool {
	for _, n := range notCounted {
		if strings.Contains(n, "change request without") {
			return true
		}
	}
	return false
}

func hasLabel(issue *github.Issue, name string) bool {
	for _, l := range issue.Labels {
		if strings.EqualFold(l.GetName(), name) {
			return true
		}
	}
	return false
}

// refName writes an issue of the pull request's own repository as GitHub does, "#12", in
// whatever case the reference spelled the repository.
func refName(r snapshot.IssueRef, owner, repo string) string {
	if refs.Same(r, snapshot.IssueRef{Owner: owner, Repo: repo, Number: r.Number}) {
		return fmt.Sprintf("#%d", r.Number)
	}
	return r.String()
}
