package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/google/go-github/v62/github"
)

// Review states that decide a reviewer's standing; COMMENTED and PENDING never change it.
const (
	reviewApproved         = "APPROVED"
	reviewChangesRequested = "CHANGES_REQUESTED"
	reviewDismissed        = "DISMISSED"
)

// reviewTally is what the reviews of a pull request amount to under the class's rules.
type reviewTally struct {
	counting       []string // logins whose approval counts
	counted        []string // evidence lines for them
	notCounted     []string
	changesBy      []string
	teamsMissing   []string
	teamsUnchecked []string
	unverified     []string // contributors judged by name and email only
}

// reviews (5.5): enough approvals from reviewers other than the author and bots; at higher
// classes from independent reviewers, on the head commit, and from each required team.
func reviews(e *evaluation) RuleResult {
	rules := e.rules.Reviews
	t := tallyReviews(e)
	rr := RuleResult{Evidence: append(append(append(evidence("approvals", t.counted), evidence("changes requested", t.changesBy)...),
		evidence("not counted", t.notCounted)...), evidence("unverified identities", t.unverified)...)}
	need := approvalCount(len(t.counting), rules)
	unseen := e.snap.Pull.GetCommits() - len(e.snap.Commits)
	switch {
	case rules.Independent && unseen > 0:
		// GitHub lists at most 250 commits: whoever wrote the rest could be an approver.
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("GitHub lists only %d of the %d commits, so reviewer independence cannot be checked.", len(e.snap.Commits), len(e.snap.Commits)+unseen)
		rr.Fix = []string{"Squash or split the pull request so that it has at most 250 commits, the most GitHub lists."}
		return rr
	case len(t.changesBy) > 0:
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("Changes requested by %s.", joinAnd(t.changesBy))
		for _, who := range t.changesBy {
			rr.Fix = append(rr.Fix, who+" requested changes: address them and ask for a re-review.")
		}
	case len(t.counting) < rules.Approvals:
		rr.Status = StatusFail
		rr.Reason = need + "."
	case len(t.teamsMissing)+len(t.teamsUnchecked) > 0:
		rr.Status = StatusFail
		rr.Reason = need + ", but no approval from " + joinAnd(append(t.teamsMissing, t.teamsUnchecked...)) + "."
	default:
		rr.Status = StatusPass
		rr.Reason = need + "."
		return rr
	}
	if missing := rules.Approvals - len(t.counting); missing > 0 {
		rr.Fix = append(rr.Fix, fmt.Sprintf("Get %d more %s%s.", missing, pluralWord(missing, "approval", "approvals"), approverQualifier(rules, missing)))
	}
	for _, team := range t.teamsMissing {
		rr.Fix = append(rr.Fix, "Get an approval from a member of "+team+".")
	}
	for _, team := range t.teamsUnchecked {
		rr.Fix = append(rr.Fix, "Let the app read the members of "+team+" (organisation permission members: read), or check the team name in rules.reviews.required_teams.")
	}
	return rr
}

func tallyReviews(e *evaluation) reviewTally {
	rules := e.rules.Reviews
	author := e.snap.Pull.GetUser().GetLogin()
	contrib := contributorsOf(e.snap)
	head := e.snap.HeadSHA()
	var t reviewTally
	if rules.Independent {
		t.unverified = contrib.unlinked
	}
	latest, ignored := latestReviews(e.snap.Reviews, author)
	t.notCounted = ignored
	for _, r := range latest {
		who := "@" + r.GetUser().GetLogin()
		switch r.GetState() {
		case reviewChangesRequested:
			t.changesBy = append(t.changesBy, who)
		case reviewDismissed:
			t.notCounted = append(t.notCounted, who+": approval dismissed")
		case reviewApproved:
			if why := contrib.of(r.GetUser().GetLogin()); rules.Independent && why != "" {
				t.notCounted = append(t.notCounted, who+": "+why+", not an independent reviewer")
			} else if rules.RequireCurrentHead && r.GetCommitID() != head {
				t.notCounted = append(t.notCounted, fmt.Sprintf("%s: approved %s, not the head commit %s", who, shortSHA(r.GetCommitID()), shortSHA(head)))
			} else {
				t.counting = append(t.counting, r.GetUser().GetLogin())
				t.counted = append(t.counted, fmt.Sprintf("%s (on %s)", who, shortSHA(r.GetCommitID())))
			}
		}
	}
	if rules.RequireTeams {
		t.teamsMissing, t.teamsUnchecked = teamsWithoutApproval(e, t.counting)
	}
	return t
}

// ghost is the account GitHub shows in place of a deleted user (some responses send a null
// user instead): nobody whose independence or team could be checked.
const ghost = "ghost"

// latestReviews keeps each reviewer's latest deciding review, in login order, and lists the
// reviews that never count (the author's own, bots').
func latestReviews(all []*github.PullRequestReview, author string) ([]*github.PullRequestReview, []string) {
	latest := map[string]*github.PullRequestReview{}
	ignored := map[string]string{}
	for _, r := range all {
		login := r.GetUser().GetLogin()
		switch {
		case login == "" || login == ghost:
			ignored[ghost] = "a review by a deleted account: no reviewer to count"
		case strings.EqualFold(login, author):
			ignored[login] = "@" + login + ": the pull request's author"
		case r.GetUser().GetType() == "Bot":
			ignored[login] = "@" + login + ": a bot"
		case r.GetState() == reviewApproved || r.GetState() == reviewChangesRequested || r.GetState() == reviewDismissed:
			latest[login] = r
		}
	}
	logins := make([]string, 0, len(latest))
	for login := range latest {
		logins = append(logins, login)
	}
	sort.Strings(logins)
	out := make([]*github.PullRequestReview, len(logins))
	for i, login := range logins {
		out[i] = latest[login]
	}
	notes := make([]string, 0, len(ignored))
	for _, n := range ignored {
		notes = append(notes, n)
	}
	sort.Strings(notes)
	return out, notes
}

// teamsWithoutApproval lists the required teams no counting approver belongs to, and those
// whose members are unknown (the app could not read them).
func teamsWithoutApproval(e *evaluation, approvers []string) (missing, unchecked []string) {
	org, _ := e.snap.BaseRepo()
	for _, slug := range e.policy.Config.Reviews.RequiredTeams {
		name := "@" + org + "/" + slug
		members, known := e.snap.TeamMembers[slug]
		switch {
		case !known:
			unchecked = append(unchecked, name)
		case !anyMember(members, approvers):
			missing = append(missing, name)
		}
	}
	return missing, unchecked
}

func anyMember(members []*github.User, logins []string) bool {
	for _, m := range members {
		for _, l := range logins {
			if strings.EqualFold(m.GetLogin(), l) {
				return true
			}
		}
	}
	return false
}

// approvalCount says how many of the required approvals there are: "1 of 2 required
// approvals", or "3 approvals, 2 required" once there are more than needed.
func approvalCount(n int, r ReviewsRule) string {
	if n > r.Approvals {
		return fmt.Sprintf("%d %s, %d required", n, approvalWord(r), r.Approvals)
	}
	return fmt.Sprintf("%d of %d required %s", n, r.Approvals, approvalWord(r))
}

func approvalWord(r ReviewsRule) string {
	w := "approvals"
	if r.Independent {
		w = "independent " + w
	}
	if r.RequireCurrentHead {
		w += " on the head commit"
	}
	return w
}

func approverQualifier(r ReviewsRule, n int) string {
	var q []string
	if r.Independent {
		q = append(q, pluralWord(n, " from a reviewer who did", " from reviewers who did")+" not author, co-author or commit to this PR")
	} else {
		q = append(q, pluralWord(n, " from a reviewer", " from reviewers")+" other than the author")
	}
	if r.RequireCurrentHead {
		q = append(q, ", on the current head commit")
	}
	return strings.Join(q, "")
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
