package render

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/prose"
	"github.com/iec62304-bot/iec62304-bot/internal/refs"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// FixLines words a rule's to-do list, one line per alternative: a later alternative of the
// same to-do starts with "Or".
func FixLines(rule policy.RuleResult) []string {
	var out []string
	for _, t := range rule.Todo {
		for i, a := range t.Either {
			line := actionText(a)
			if i > 0 {
				line = "Or " + prose.LowerFirst(line)
			}
			out = append(out, line)
		}
	}
	return out
}

// actionText words one action.
func actionText(a policy.Action) string {
	switch a.Do {
	case policy.DoTrace:
		return fmt.Sprintf("Add a requirement ID matching `%s` to the %s, or link a requirement, change-request or problem-report issue with \"Fixes #N\" in the description.",
			a.Pattern, joinOr(placeNames(a.Places)))
	case policy.DoApproveIssue:
		by := "someone other than the pull request's author"
		if a.Team != "" {
			by = "a member of " + a.Team
		}
		return fmt.Sprintf("Get %s approved: it needs the `%s` label, added by %s, before a class %s change may trace to it.", a.Issue, first(a.Labels), by, a.Class)
	case policy.DoSplitPull:
		return fmt.Sprintf("Squash or split the pull request so that it has at most %d commits, the most GitHub lists.", a.Count)
	case policy.DoAddressChanges:
		return "@" + a.Reviewer + " requested changes: address them and ask for a re-review."
	case policy.DoGetApprovals:
		return fmt.Sprintf("Get %d more %s%s.", a.Count, pluralWord(a.Count, "approval", "approvals"), approverQualifier(a))
	case policy.DoReapprove:
		return fmt.Sprintf("@%s: re-approve %s (your approval is on %s).", a.Who.Login, snapshot.ShortSHA(a.Commit), snapshot.ShortSHA(a.Approved))
	case policy.DoTeamApproval:
		return "Get an approval from a member of " + a.Team + "."
	case policy.DoGrantTeamAccess:
		return "Let the app read the members of " + a.Team + " (organisation permission members: read), or check the team name in rules.reviews.required_teams."
	case policy.DoAddTests:
		if a.Class != "" {
			return fmt.Sprintf("Add or update unit tests covering the changed class %s source.", a.Class)
		}
		return "Add or update a test for this change (a file matching " + joinOr(quoted(a.Paths)) + ")."
	case policy.DoFixChecks:
		names := joinAnd(policy.CheckNames(a.Checks))
		return "Fix the failing required check " + names + " and push, or re-run it if it failed for an unrelated reason."
	case policy.DoWaitForChecks:
		return "Wait for " + joinAnd(policy.CheckNames(a.Checks)) + " to finish on " + snapshot.ShortSHA(a.Commit) + "; this check updates by itself."
	case policy.DoRenameCheck:
		c := policy.Check{}
		if len(a.Checks) > 0 {
			c = a.Checks[0]
		}
		return fmt.Sprintf("If `%s` never reports, name the check run as GitHub does (%s reported) in rules.test_evidence.required_checks: the job's name, not workflow / job as the pull request page shows it.",
			c.Name, joinOr(quoted(c.Similar)))
	case policy.DoAddRiskLabel:
		return fmt.Sprintf("Add exactly one of the labels %s.", joinOr(quoted(a.Labels)))
	case policy.DoKeepOneRiskLabel:
		return "Keep exactly one of " + joinAnd(quoted(a.Labels)) + ": the highest impact the change really has."
	case policy.DoAddRiskRecord:
		return fmt.Sprintf("Add the ID of the risk record you re-assessed (matching `%s`) to the description, or relabel `%s` if the change has no risk impact.", a.Pattern, first(a.Labels))
	case policy.DoUpdateSOUPList:
		return fmt.Sprintf("Update `%s` in this PR: name, version and evaluation of each added or changed dependency.", first(a.Paths))
	}
	return string(a.Do)
}

func approverQualifier(a policy.Action) string {
	q := pluralWord(a.Count, " from a reviewer", " from reviewers") + " other than the author"
	if a.Independent {
		q = pluralWord(a.Count, " from a reviewer who did", " from reviewers who did") + " not author, co-author or commit to this PR"
	}
	if a.CurrentHead {
		q += ", on the current head commit"
	}
	return q
}

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
	var ids []string
	for _, id := range ev.RequirementIDs {
		ids = append(ids, id.ID+" ("+placeName(id.FoundIn)+")")
	}
	add("requirement IDs", ids)
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
			counted = append(counted, is.Ref+" ("+issueKind(is)+")")
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
