package render

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// quoting says how a to-do shows the values in it. Markdown shows values in code spans and
// names as inert text; only the one person who must act is mentioned, so GitHub notifies
// them and nobody else (not teams, not people a to-do only talks about). Plain text, for a
// terminal and JSON, shows everything as it is.
type quoting struct {
	code func(string) string // a value to show literally: a label, check, pattern, path
	name func(string) string // an issue, team or person the text talks about
	ping func(string) string // the login of the person who must act
}

var (
	markdownQuoting = quoting{code: code, name: inert, ping: mention}
	plainQuoting    = quoting{code: func(s string) string { return "`" + s + "`" }, name: func(s string) string { return s }, ping: func(login string) string { return "@" + login }}
)

// mention pings the person who must act. A login GitHub would not accept is shown inert.
func mention(login string) string {
	if !validLogin(login) {
		return inert("@" + login)
	}
	return "@" + login
}

// validLogin: letters, digits and single hyphens, not at either end, at most 39 characters.
func validLogin(login string) bool {
	if login == "" || len(login) > 39 || login[0] == '-' || login[len(login)-1] == '-' || strings.Contains(login, "--") {
		return false
	}
	for _, c := range login {
		if !(c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// FixLines words a rule's to-dos as plain text, one line each (for a terminal and JSON).
func FixLines(rule policy.RuleResult) []string { return todoLines(rule, plainQuoting) }

// todoLines words a rule's to-dos, one line each: who must act and how. Alternatives read as
// "Either …, or …", one to-do, since any one of them does it.
func todoLines(rule policy.RuleResult, q quoting) []string {
	var out []string
	for _, t := range rule.Todo {
		if line, ok := approvalsCountingReapprovals(t, rule.Evidence, q); ok {
			out = append(out, line)
			continue
		}
		parts := make([]string, len(t.Either))
		for i, a := range t.Either {
			parts[i] = strings.TrimSuffix(actionText(a, rule.Evidence, q), ".")
		}
		if len(parts) == 1 {
			out = append(out, upperFirst(parts[0])+".")
			continue
		}
		out = append(out, "Either "+strings.Join(parts, ", or ")+".")
	}
	return out
}

// approvalsCountingReapprovals words "get N more approvals" offered beside stale approvers'
// re-approvals when more than one approval is missing: a re-approval is one of the N, not an
// alternative to all of them.
func approvalsCountingReapprovals(t policy.Todo, ev policy.Evidence, q quoting) (string, bool) {
	if len(t.Either) < 2 || t.Either[0].Do != policy.DoGetApprovals || t.Either[0].Count < 2 {
		return "", false
	}
	var reapprovals []string
	for _, a := range t.Either[1:] {
		if a.Do != policy.DoReapprove {
			return "", false
		}
		reapprovals = append(reapprovals, actionText(a, ev, q))
	}
	return upperFirst(actionText(t.Either[0], ev, q)) + "; a re-approval of the head commit counts as one: " + strings.Join(reapprovals, "; ") + ".", true
}

// actionText words one action, naming whoever must act when it is not the author.
func actionText(a policy.Action, ev policy.Evidence, q quoting) string {
	short := func(sha string) string { return q.code(snapshot.ShortSHA(sha)) }
	switch a.Do {
	case policy.DoTrace:
		return fmt.Sprintf("trace the change to a requirement (an ID matching %s in the %s, or %s in the description linking a requirement, change request or problem report)",
			q.code(a.Pattern), q.name(joinOr(placeNames(a.Places))), q.code("Fixes #N"))
	case policy.DoDefineRequirement:
		ids := joinAnd(codes(a.Requirements, q))
		return fmt.Sprintf("correct %s, or define %s in the requirement catalogue (%s) on the base branch first: a pull request cannot define its own requirements",
			ids, pluralWord(len(a.Requirements), "it", "them"), q.name(a.Catalogue))
	case policy.DoApproveIssue:
		by := "someone other than the pull request's author"
		if a.Team != "" {
			by = "a member of " + q.name(a.Team)
		}
		return fmt.Sprintf("get %s approved: it needs the %s label, added by %s, before a class %s change may trace to it", q.name(a.Issue), q.code(first(a.Labels)), by, a.Class)
	case policy.DoSplitPull:
		return fmt.Sprintf("squash or split the pull request to at most %d commits, the most GitHub lists, so reviewer independence can be checked", a.Count)
	case policy.DoAddressChanges:
		return "address the changes " + q.name("@"+a.Reviewer) + " requested, and ask them for a re-review"
	case policy.DoGetApprovals:
		return fmt.Sprintf("get %d more %s%s%s", a.Count, pluralWord(a.Count, "approval", "approvals"), approverQualifier(a, q), notIndependent(ev, q))
	case policy.DoReapprove:
		return fmt.Sprintf("%s: re-approve %s (your approval is on %s)", q.ping(a.Who.Login), short(a.Commit), short(a.Approved))
	case policy.DoTeamApproval:
		if a.Extra {
			return "get an approval from a member of " + q.name(a.Team) + ": one more, beyond the approvals the class requires, which are met"
		}
		return "get an approval from a member of " + q.name(a.Team) + ": it counts as one of the approvals the class requires"
	case policy.DoGrantTeamAccess:
		return "an administrator of the app's installation: let the app read the members of " + q.name(a.Team) +
			" (organisation permission members: read), or correct the team's name in " + q.code(a.Setting)
	case policy.DoApprovePolicy:
		counts := "it counts as one of the approvals the class requires"
		if a.Extra {
			counts = "one more, beyond the approvals the class requires, which are met"
		}
		return fmt.Sprintf("get an approval of the head commit %s from a member of %s, for the change to %s: %s", short(a.Commit), q.name(a.Team), q.code(first(a.Paths)), counts)
	case policy.DoAddTests:
		if a.Class != "" {
			return fmt.Sprintf("add or update unit tests covering the changed class %s source", a.Class)
		}
		return "add or update a test for this change (a file matching " + joinOr(codes(a.Paths, q)) + ")"
	case policy.DoFixChecks:
		return "fix the failing required " + pluralWord(len(a.Checks), "check ", "checks ") + joinAnd(checkStates(a.Checks, q)) +
			" on " + short(a.Commit) + " and push (re-run " + pluralWord(len(a.Checks), "it", "them") + " if the failure is unrelated)"
	case policy.DoWaitForChecks:
		return "wait for " + joinAnd(checkStates(a.Checks, q)) + " to finish on " + short(a.Commit) + " (nobody needs to act: this check updates by itself)"
	case policy.DoRenameCheck:
		c := policy.Check{}
		if len(a.Checks) > 0 {
			c = a.Checks[0]
		}
		return fmt.Sprintf("if %s never reports, name the check run as GitHub does (%s reported) in %s: the job's name, not workflow / job as the pull request page shows it",
			q.code(c.Name), joinOr(codes(c.Similar, q)), q.code("rules.test_evidence.required_checks"))
	case policy.DoAddRiskLabel:
		return "add exactly one of the labels " + joinOr(codes(a.Labels, q))
	case policy.DoKeepOneRiskLabel:
		return "keep exactly one of " + joinAnd(codes(a.Labels, q)) + ": the highest impact the change really has"
	case policy.DoAddRiskRecord:
		return fmt.Sprintf("add the ID of the risk record you re-assessed (matching %s) to the description, or relabel %s if the change has no risk impact", q.code(a.Pattern), q.code(first(a.Labels)))
	case policy.DoUpdateSOUPList:
		return "update " + q.code(first(a.Paths)) + " in this pull request: name, version and evaluation of each added or changed dependency"
	}
	return string(a.Do)
}

func approverQualifier(a policy.Action, q quoting) string {
	who := pluralWord(a.Count, " from a reviewer", " from reviewers") + " other than the author"
	if a.Independent {
		who = pluralWord(a.Count, " from a reviewer who did", " from reviewers who did") + " not author, co-author or commit to this pull request"
	}
	if a.CurrentHead && a.Commit != "" {
		who += ", on the head commit " + q.code(snapshot.ShortSHA(a.Commit))
	}
	return who
}

// notIndependent says which approvers could not count as independent, so the author does not
// ask them again.
func notIndependent(ev policy.Evidence, q quoting) string {
	var who []string
	for _, r := range ev.Reviewers {
		if r.Problem == policy.ReviewContributor && r.Contribution != nil {
			who = append(who, fmt.Sprintf("%s %s %s", q.name("@"+r.Login), contributed(r.Contribution.Role), q.code(snapshot.ShortSHA(r.Contribution.Commit))))
		}
	}
	if len(who) == 0 {
		return ""
	}
	return " (" + joinAnd(who) + " and so cannot be " + pluralWord(len(who), "an independent reviewer", "independent reviewers") + ")"
}

func contributed(role string) string {
	switch role {
	case "author":
		return "authored"
	case "committer":
		return "committed"
	}
	return "co-authored"
}

func checkStates(checks []policy.Check, q quoting) []string {
	out := make([]string, len(checks))
	for i, c := range checks {
		out[i] = q.code(c.Name) + " (" + q.name(c.Detail()) + ")"
	}
	return out
}

func codes(items []string, q quoting) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = q.code(s)
	}
	return out
}

// upperFirst opens a sentence; a to-do that starts with a mention or a code span keeps it.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
