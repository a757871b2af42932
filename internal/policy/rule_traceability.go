package policy

import (
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/refs"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// RuleTraceability is the traceability rule's id.
const RuleTraceability RuleID = "traceability"

// TraceabilityRule is the per-class part of the traceability rule.
type TraceabilityRule struct {
	Enforcement Enforcement
	// RequireApprovedChangeRequest: a linked change request or problem report counts only
	// once it carries the approved label.
	RequireApprovedChangeRequest bool
}

// Traceability returns the class's TraceabilityRule settings.
func (r ClassRules) Traceability() TraceabilityRule {
	return settingsOf[TraceabilityRule](r, RuleTraceability)
}

var _ = register(&Rule{
	ID: RuleTraceability, Key: "traceability", Title: "Traceability", Clauses: "5.2, 6.2, 8.2", order: 10,
	judge: traceability,
	Settings: []Setting{
		enforcementSetting(RuleTraceability, func(r *TraceabilityRule) *Enforcement { return &r.Enforcement }),
		boolSetting(RuleTraceability, "require_approved_change_request", func(r *TraceabilityRule) *bool { return &r.RequireApprovedChangeRequest }),
	},
})

// traceability (5.2, 6.2, 8.2): the change traces to a requirement ID (one the catalogue
// defines, when the policy names one), or to a linked requirement, change-request or
// problem-report issue; at class C by default a change request
// or problem report counts only once approved.
func traceability(e *evaluation) RuleResult {
	settings := e.policy.Config.Traceability
	rules := e.rules.Traceability()
	ids := requirementIDs(e, settings)
	catalogue, undefined := inCatalogue(e, settings, ids)
	issues := linkedIssues(e, settings, rules)
	rr := RuleResult{Evidence: Evidence{RequirementIDs: ids, Catalogue: catalogue, Issues: issues, IssuesNotRead: issuesNotRead(e)}}
	if len(undefined) > 0 {
		return undefinedIDs(rr, catalogue, undefined)
	}
	var traces []string
	for _, id := range ids {
		traces = append(traces, titled(id))
	}
	for _, is := range issues {
		if is.Counts {
			traces = append(traces, fmt.Sprintf("%s (%s)", is.Ref, kindName(is)))
		}
	}
	if len(traces) > 0 {
		rr.Status = StatusPass
		rr.Reason = "Traces to " + joinAnd(traces) + "."
		return rr
	}
	rr.Status = StatusFail
	rr.Reason = "No requirement ID and no linked requirement, change request or problem report."
	if len(issues) > 0 {
		rr.Reason = "No requirement ID, and no linked issue that counts."
	}
	either := []Action{{Who: theAuthor, Do: DoTrace, Pattern: settings.RequirementPattern.String(), Places: settings.SearchIn}}
	for _, is := range issues {
		if is.ApprovedLabel != "" {
			either = append(either, approveActions(is, e.class)...)
		}
	}
	rr.Todo = []Todo{todo(either...)}
	return rr
}

// approveActions: someone other than the author (a member of an approver team, if any) adds
// the approved label to the issue.
func approveActions(is LinkedIssue, class Class) []Action {
	approve := Action{Who: Actor{Kind: ActorReviewer}, Do: DoApproveIssue, Issue: is.Ref, Labels: []string{is.ApprovedLabel}, Class: class}
	if len(is.ApproverTeams) == 0 {
		return []Action{approve}
	}
	var out []Action
	for _, team := range is.ApproverTeams {
		a := approve
		a.Who, a.Team = Actor{Kind: ActorTeamMember, Team: team}, team
		out = append(out, a)
	}
	return out
}

// kindName is how the rule's finding names a counting issue's kind.
func kindName(is LinkedIssue) string {
	switch {
	case is.Kind == KindChangeRequest && is.Approved:
		return "approved change request"
	case is.Kind == KindChangeRequest:
		return "change request"
	case is.Kind == KindProblemReport:
		return "problem report"
	}
	return string(is.Kind)
}

// requirementIDs finds requirement IDs in the configured places, noting where each was found.
func requirementIDs(e *evaluation, settings TraceabilitySettings) []RequirementID {
	var out []RequirementID
	seen := map[string]bool{}
	for _, place := range settings.SearchIn {
		for _, text := range placeTexts(e.snap, place) {
			for _, id := range refs.IDs(settings.RequirementPattern, text) {
				if !seen[id] {
					seen[id] = true
					out = append(out, RequirementID{ID: id, FoundIn: place})
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

// linkedIssues judges each issue the pull request closes and the bot read: whether it
// counts, and why not.
func linkedIssues(e *evaluation, settings TraceabilitySettings, rules TraceabilityRule) []LinkedIssue {
	owner, repo := e.snap.BaseRepo()
	notRead := map[string]bool{}
	for _, ref := range e.snap.IssuesNotRead {
		notRead[strings.ToLower(ref.String())] = true
	}
	var out []LinkedIssue
	for _, ref := range refs.LinkedIssues(e.snap.Pull, e.snap.Commits, owner, repo) {
		if notRead[strings.ToLower(ref.String())] {
			continue
		}
		li := LinkedIssue{Ref: ref.NameIn(owner, repo), Labels: []string{}}
		issue, ok := refs.Issue(e.snap.Issues, ref)
		if !ok {
			li.Problem = IssueNotFound
			out = append(out, li)
			continue
		}
		judgeIssue(&li, issue, settings.Labels, rules.RequireApprovedChangeRequest)
		if li.Counts && li.Approved && li.Kind != KindRequirement && rules.RequireApprovedChangeRequest {
			li.ApprovedBy, li.Problem = judgeApproval(e, ref, settings.Labels.Approved)
			li.Counts = li.Problem == ""
		}
		if li.Kind == KindChangeRequest && li.Approved && li.Problem == "" {
			li.MissingAtApproval = missingAtApproval(e, issue)
		}
		if !li.Counts && li.Kind != KindRequirement && rules.RequireApprovedChangeRequest {
			li.ApprovedLabel, li.ApproverTeams = settings.Labels.Approved, approverTeams(e)
		}
		out = append(out, li)
	}
	return out
}

// issuesNotRead names the linked issues the bot did not read (past the cap): they never count.
func issuesNotRead(e *evaluation) []string {
	owner, repo := e.snap.BaseRepo()
	var out []string
	for _, ref := range e.snap.IssuesNotRead {
		out = append(out, ref.NameIn(owner, repo))
	}
	return out
}

// judgeIssue sorts an issue by its labels and decides whether it counts as a trace.
func judgeIssue(li *LinkedIssue, issue *github.Issue, labels IssueLabels, requireApproved bool) {
	for _, l := range issue.Labels {
		li.Labels = append(li.Labels, l.GetName())
	}
	li.Approved = hasLabel(issue, labels.Approved)
	switch {
	case hasLabel(issue, labels.Requirement):
		li.Kind = KindRequirement
	case hasLabel(issue, labels.ProblemReport):
		li.Kind = KindProblemReport
	case hasLabel(issue, labels.ChangeRequest):
		li.Kind = KindChangeRequest
	}
	switch {
	case li.Kind == KindUnlabelled:
		li.Problem = IssueUnlabelled
		li.KindLabels = []string{labels.Requirement, labels.ChangeRequest, labels.ProblemReport}
	case li.Kind != KindRequirement && requireApproved && !li.Approved:
		// A problem report is a change request by another name (6.2, 8.2.1): were it to count
		// unapproved, relabelling an unapproved change request would pass.
		li.Problem, li.ApprovedLabel = IssueUnapproved, labels.Approved
	default:
		li.Counts = true
	}
}

func hasLabel(issue *github.Issue, name string) bool {
	for _, l := range issue.Labels {
		if strings.EqualFold(l.GetName(), name) {
			return true
		}
	}
	return false
}
