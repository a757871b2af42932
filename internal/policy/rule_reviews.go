package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/prose"
)

// RuleReviews is the code review rule's id.
const RuleReviews RuleID = "reviews"

// ReviewsRule is the per-class part of the code review rule.
type ReviewsRule struct {
	Enforcement Enforcement
	Approvals   int
	// Independent: an approver must have authored or committed none of the pull request's commits.
	Independent bool
	// RequireCurrentHead: only approvals of the current head commit count.
	RequireCurrentHead bool
	// RequireTeams: each of ReviewSettings.RequiredTeams must have a member among the approvers.
	RequireTeams bool
}

// Reviews returns the class's ReviewsRule settings.
func (r ClassRules) Reviews() ReviewsRule { return settingsOf[ReviewsRule](r, RuleReviews) }

var _ = register(&Rule{
	ID: RuleReviews, Key: "reviews", Title: "Code review", Clauses: "5.5", order: 20,
	judge: reviews,
	Settings: []Setting{
		enforcementSetting(RuleReviews, func(r *ReviewsRule) *Enforcement { return &r.Enforcement }),
		countSetting(RuleReviews, "approvals", func(r *ReviewsRule) *int { return &r.Approvals }),
		boolSetting(RuleReviews, "independent", func(r *ReviewsRule) *bool { return &r.Independent }),
		boolSetting(RuleReviews, "require_current_head", func(r *ReviewsRule) *bool { return &r.RequireCurrentHead }),
		boolSetting(RuleReviews, "require_teams", func(r *ReviewsRule) *bool { return &r.RequireTeams }),
	},
})

// Review states that decide a reviewer's standing; COMMENTED and PENDING never change it.
const (
	reviewApproved         = "APPROVED"
	reviewChangesRequested = "CHANGES_REQUESTED"
	reviewDismissed        = "DISMISSED"
)

// reviewTally is what the reviews of a pull request amount to under the class's rules.
type reviewTally struct {
	reviewers      []Reviewer
	counting       []string // logins whose approval counts
	changesBy      []string
	stale          []Reviewer
	teamsMissing   []string
	teamsUnchecked []string
}

// reviews (5.5): enough approvals from reviewers other than the author and bots; at higher
// classes from independent reviewers, on the head commit, and from each required team.
func reviews(e *evaluation) RuleResult {
	rules := e.rules.Reviews()
	t := tallyReviews(e, rules)
	rr := RuleResult{Evidence: Evidence{Reviewers: t.reviewers}}
	if rules.Independent {
		rr.Evidence.Unverified = contributorsOf(e.snap).unlinked
	}
	need := approvalCount(len(t.counting), rules)
	unseen := e.snap.Pull.GetCommits() - len(e.snap.Commits)
	switch {
	case rules.Independent && unseen > 0:
		// GitHub lists at most 250 commits: whoever wrote the rest could be an approver.
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("GitHub lists only %d of the %d commits, so reviewer independence cannot be checked.", len(e.snap.Commits), len(e.snap.Commits)+unseen)
		rr.Todo = []Todo{todo(Action{Who: theAuthor, Do: DoSplitPull, Count: 250})}
		return rr
	case len(t.changesBy) > 0:
		rr.Status = StatusFail
		rr.Reason = fmt.Sprintf("Changes requested by %s.", joinAnd(prose.Mentions(t.changesBy)))
	case len(t.counting) < rules.Approvals:
		rr.Status = StatusFail
		rr.Reason = need + "."
	case len(t.teamsMissing)+len(t.teamsUnchecked) > 0:
		rr.Status = StatusFail
		rr.Reason = need + ", but no approval from " + joinAnd(append(append([]string(nil), t.teamsMissing...), t.teamsUnchecked...)) + "."
	default:
		rr.Status = StatusPass
		rr.Reason = need + "."
		return rr
	}
	rr.Todo = reviewTodos(e, rules, t)
	return rr
}

// reviewTodos says who must do what for the reviews rule to pass.
func reviewTodos(e *evaluation, rules ReviewsRule, t reviewTally) []Todo {
	var todos []Todo
	for _, who := range t.changesBy {
		todos = append(todos, todo(Action{Who: theAuthor, Do: DoAddressChanges, Reviewer: who}))
	}
	missing := rules.Approvals - len(t.counting)
	if missing > 0 {
		either := []Action{{Who: Actor{Kind: ActorReviewer}, Do: DoGetApprovals, Count: missing, Independent: rules.Independent, CurrentHead: rules.RequireCurrentHead, Commit: e.snap.HeadSHA()}}
		for _, s := range t.stale {
			either = append(either, Action{Who: person(s.Login), Do: DoReapprove, Commit: e.snap.HeadSHA(), Approved: s.Commit})
		}
		todos = append(todos, todo(either...))
	}
	for _, team := range t.teamsMissing {
		todos = append(todos, todo(Action{Who: Actor{Kind: ActorTeamMember, Team: team}, Do: DoTeamApproval, Team: team, Extra: missing <= 0}))
	}
	for _, team := range t.teamsUnchecked {
		todos = append(todos, todo(Action{Who: Actor{Kind: ActorAdmin}, Do: DoGrantTeamAccess, Team: team, Setting: "rules.reviews.required_teams"}))
	}
	return todos
}

func tallyReviews(e *evaluation, rules ReviewsRule) reviewTally {
	author := e.snap.Pull.GetUser().GetLogin()
	contrib := contributorsOf(e.snap)
	head := e.snap.HeadSHA()
	latest, ignored := latestReviews(e.snap.Reviews, author)
	t := reviewTally{reviewers: ignored}
	for _, r := range latest {
		rv := Reviewer{Login: r.GetUser().GetLogin(), State: r.GetState(), Commit: r.GetCommitID()}
		switch r.GetState() {
		case reviewChangesRequested:
			rv.Problem = ReviewChanges
			t.changesBy = append(t.changesBy, rv.Login)
		case reviewDismissed:
			rv.Problem = ReviewDismissed
		case reviewApproved:
			if c := contrib.of(rv.Login); rules.Independent && c != nil {
				rv.Problem, rv.Contribution = ReviewContributor, c
			} else if rules.RequireCurrentHead && rv.Commit != head {
				rv.Problem, rv.Head = ReviewStale, head
				t.stale = append(t.stale, rv)
			} else {
				rv.Counts = true
				t.counting = append(t.counting, rv.Login)
			}
		}
		t.reviewers = append(t.reviewers, rv)
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
// reviewers whose reviews never count (the author, bots, deleted accounts).
func latestReviews(all []*github.PullRequestReview, author string) ([]*github.PullRequestReview, []Reviewer) {
	latest := map[string]*github.PullRequestReview{}
	ignored := map[string]Reviewer{}
	for _, r := range all {
		login := r.GetUser().GetLogin()
		rv := Reviewer{Login: login, State: r.GetState(), Commit: r.GetCommitID()}
		switch {
		case login == "" || login == ghost:
			rv.Login, rv.Problem = "", ReviewByDeleted
			ignored[""] = rv
		case strings.EqualFold(login, author):
			rv.Problem = ReviewByAuthor
			ignored[login] = rv
		case r.GetUser().GetType() == "Bot":
			rv.Problem = ReviewByBot
			ignored[login] = rv
		case r.GetState() == reviewApproved || r.GetState() == reviewChangesRequested || r.GetState() == reviewDismissed:
			latest[login] = r
		}
	}
	out := make([]*github.PullRequestReview, 0, len(latest))
	for _, login := range sortedKeys(latest) {
		out = append(out, latest[login])
	}
	notes := make([]Reviewer, 0, len(ignored))
	for _, login := range sortedKeys(ignored) {
		notes = append(notes, ignored[login])
	}
	return out, notes
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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
