package render

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/prose"
	"github.com/iec62304-bot/iec62304-bot/internal/refs"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// evidenceGroup is one kind of fact a rule found, worded.
type evidenceGroup struct {
	kind  string
	items []string
}

// evidenceGroups words a rule's evidence, grouped by kind.
func evidenceGroups(rule policy.RuleResult) []evidenceGroup {
	ev := rule.Evidence
	var groups []evidenceGroup
	add := func(kind string, items []string) {
		if len(items) > 0 {
			groups = append(groups, evidenceGroup{kind, items})
		}
	}
	add("requirement IDs", requirementLines(ev.RequirementIDs))
	add("requirement catalogue", catalogueLines(ev.Catalogue))
	counted, notCounted := issueLines(ev.Issues)
	add("linked issues", counted)
	add(fmt.Sprintf("not read (a pull request's first %d linked issues are read; these do not count)", refs.MaxLinkedIssues), fewOf(ev.IssuesNotRead))
	approvals, changes, ignored := reviewerLines(ev.Reviewers)
	add("approvals", approvals)
	add("changes requested", changes)
	add("not counted", append(notCounted, ignored...))
	var unverified []string
	for _, id := range ev.Unverified {
		unverified = append(unverified, fmt.Sprintf("%s (%s <%s>) has no GitHub account: checked by name and email only", contribution(id.Contribution), id.Name, id.Email))
	}
	add("unverified identities", unverified)
	add("test files", paths(ev.TestFiles))
	var checks []string
	for _, c := range ev.Checks {
		checks = append(checks, c.Name+": "+c.Detail())
	}
	add("checks", checks)
	var red []string
	for _, c := range ev.FailedChecks {
		red = append(red, c.Name+": "+c.Detail())
	}
	add("failed checks", red)
	if ev.Risk != nil {
		add("labels", ev.Risk.Labels)
		add("risk records", ev.Risk.Records)
	}
	if ev.SOUP != nil {
		add("manifests", ev.SOUP.Manifests)
	}
	if ev.PolicyChange != nil {
		add("required teams", teamLines(ev.PolicyChange.Teams))
	}
	return groups
}

// fewOf keeps a long list short: the first ten, then how many more.
func fewOf(items []string) []string {
	const shown = 10
	if len(items) <= shown {
		return items
	}
	return append(items[:shown:shown], fmt.Sprintf("and %d more", len(items)-shown))
}

func issueLines(issues []policy.LinkedIssue) (counted, notCounted []string) {
	for _, is := range issues {
		switch is.Problem {
		case "":
			counted = append(counted, is.Ref+" ("+issueKind(is)+")"+approvedIncomplete(is))
		case policy.IssueNotFound:
			notCounted = append(notCounted, is.Ref+": not found (deleted, transferred, or not readable by the app)")
		case policy.IssueUnlabelled:
			notCounted = append(notCounted, is.Ref+": has none of the labels "+strings.Join(quoted(is.KindLabels), ", "))
		case policy.IssueUnapproved:
			notCounted = append(notCounted, is.Ref+": "+issueKind(is)+" without the `"+is.ApprovedLabel+"` label")
		case policy.IssueApprovalUnknown:
			notCounted = append(notCounted, is.Ref+": who added the `"+is.ApprovedLabel+"` label is unknown (the issue's events were not read), so the approval does not count")
		case policy.IssueApprovedByAuthor:
			notCounted = append(notCounted, is.Ref+": the `"+is.ApprovedLabel+"` label was added by @"+is.ApprovedBy+", the pull request's author, who cannot approve their own change")
		case policy.IssueApprovedByBot:
			notCounted = append(notCounted, is.Ref+": the `"+is.ApprovedLabel+"` label was added by @"+is.ApprovedBy+", a bot")
		case policy.IssueApproverNotInTeam:
			notCounted = append(notCounted, is.Ref+": the `"+is.ApprovedLabel+"` label was added by @"+is.ApprovedBy+", who is in none of "+joinAnd(is.ApproverTeams))
		case policy.IssueApproverTeamUnknown:
			notCounted = append(notCounted, is.Ref+": the members of "+joinAnd(is.ApproverTeams)+" could not be read, so @"+is.ApprovedBy+"'s approval cannot be checked")
		}
	}
	return counted, notCounted
}

// approvedIncomplete notes an approval given while parts of 8.2.1 were missing.
func approvedIncomplete(is policy.LinkedIssue) string {
	if len(is.MissingAtApproval) == 0 {
		return ""
	}
	return "; approved while these parts were missing: " + joinAnd(is.MissingAtApproval) + " (clause 8.2.1 asks for them before approval)"
}

func issueKind(is policy.LinkedIssue) string {
	switch {
	case is.Kind == policy.KindChangeRequest && is.Approved:
		return "approved change request"
	case is.Kind == policy.KindChangeRequest:
		return "change request"
	case is.Kind == policy.KindProblemReport:
		return "problem report"
	}
	return string(is.Kind)
}

func reviewerLines(reviewers []policy.Reviewer) (approvals, changes, notCounted []string) {
	for _, r := range reviewers {
		who := "@" + r.Login
		switch r.Problem {
		case "":
			approvals = append(approvals, fmt.Sprintf("%s (on %s)", who, snapshot.ShortSHA(r.Commit)))
		case policy.ReviewChanges:
			changes = append(changes, who)
		case policy.ReviewByDeleted:
			notCounted = append(notCounted, "a review by a deleted account: no reviewer to count")
		case policy.ReviewByAuthor:
			notCounted = append(notCounted, who+": the pull request's author")
		case policy.ReviewByBot:
			notCounted = append(notCounted, who+": a bot")
		case policy.ReviewDismissed:
			notCounted = append(notCounted, who+": approval dismissed")
		case policy.ReviewContributor:
			notCounted = append(notCounted, who+": "+contribution(*r.Contribution)+", not an independent reviewer")
		case policy.ReviewStale:
			notCounted = append(notCounted, fmt.Sprintf("%s: approved %s, not the head commit %s", who, snapshot.ShortSHA(r.Commit), snapshot.ShortSHA(r.Head)))
		}
	}
	return approvals, changes, notCounted
}

// teamLines says, for each required team, who of its members approved, or why nobody counts.
func teamLines(teams []policy.TeamApproval) []string {
	out := make([]string, len(teams))
	for i, t := range teams {
		switch {
		case t.MembersUnknown:
			out[i] = t.Team + ": its members could not be read, so no approval can count"
		case len(t.ApprovedBy) == 0:
			out[i] = t.Team + ": no member approved the head commit"
		default:
			out[i] = t.Team + ": approved by " + joinAnd(prose.Mentions(t.ApprovedBy))
		}
	}
	return out
}

func contribution(c policy.Contribution) string {
	return c.Role + " of " + snapshot.ShortSHA(c.Commit)
}

func paths(files []policy.File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Path
	}
	return out
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

func first(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return items[0]
}

var (
	quoted  = prose.Quoted
	joinAnd = prose.JoinAnd
	joinOr  = prose.JoinOr
)

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
