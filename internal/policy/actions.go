package policy

// Todo is one thing that must happen for a failing or pending rule to pass. Either lists its
// alternatives: any one of them does it.
type Todo struct {
	Either []Action `json:"either"`
}

// ActorKind says who must act.
type ActorKind string

// Who acts.
const (
	// ActorAuthor is the pull request's author.
	ActorAuthor ActorKind = "author"
	// ActorLogin is one named person (Actor.Login).
	ActorLogin ActorKind = "login"
	// ActorTeamMember is any member of Actor.Team.
	ActorTeamMember ActorKind = "team-member"
	// ActorReviewer is anyone who may review under the class's rules (Action says who counts).
	ActorReviewer ActorKind = "reviewer"
	// ActorAdmin is whoever administers the app's installation or the policy.
	ActorAdmin ActorKind = "admin"
	// ActorNobody: nothing to do but wait; the check updates by itself.
	ActorNobody ActorKind = "nobody"
)

// Actor is who must act.
type Actor struct {
	Kind  ActorKind `json:"kind"`
	Login string    `json:"login,omitempty"`
	// Team is "@org/slug".
	Team string `json:"team,omitempty"`
}

// ActionKind is what must be done; Action's other fields are its particulars.
type ActionKind string

// What must be done.
const (
	// DoTrace: add a requirement ID matching Pattern to one of Places, or link a requirement,
	// change request or problem report.
	DoTrace ActionKind = "trace"
	// DoDefineRequirement: correct the Requirements (IDs) the Catalogue does not define, or
	// define them there on the base branch.
	DoDefineRequirement ActionKind = "define-requirement"
	// DoApproveIssue: give the linked Issue the approval label (Labels[0]) so a class Class
	// change may trace to it.
	DoApproveIssue ActionKind = "approve-issue"
	// DoSplitPull: bring the pull request to at most 250 commits.
	DoSplitPull ActionKind = "split-pull"
	// DoAddressChanges: answer Reviewer's requested changes and ask for a re-review.
	DoAddressChanges ActionKind = "address-changes"
	// DoGetApprovals: Count more approvals, from Independent reviewers, on the head commit
	// when CurrentHead.
	DoGetApprovals ActionKind = "get-approvals"
	// DoReapprove: Who re-approves Commit (the head); their approval is on Approved.
	DoReapprove ActionKind = "re-approve"
	// DoTeamApproval: an approval by a member of Team; Extra when it is needed beyond the
	// required count (already met), else it is one of them.
	DoTeamApproval ActionKind = "team-approval"
	// DoGrantTeamAccess: let the app read Team's members, or correct the team's name in the
	// policy's Setting.
	DoGrantTeamAccess ActionKind = "grant-team-access"
	// DoApprovePolicy: a member of Team approves Commit (the head), which changes the policy
	// file (Paths[0]); Extra when that approval is needed beyond the code review count the
	// class requires (already met), else it is one of them.
	DoApprovePolicy ActionKind = "approve-policy"
	// DoAddTests: add or update tests (files matching Paths); for Class source when set.
	DoAddTests ActionKind = "add-tests"
	// DoFixChecks: fix or re-run the failed Checks.
	DoFixChecks ActionKind = "fix-checks"
	// DoWaitForChecks: wait for Checks to finish on Commit.
	DoWaitForChecks ActionKind = "wait-for-checks"
	// DoRenameCheck: the required check Checks[0] has not reported, but similar names have
	// (Check.Similar): correct its name in rules.test_evidence.required_checks if it is
	// spelt as the pull request page shows it rather than as GitHub names the check run.
	DoRenameCheck ActionKind = "rename-check"
	// DoAddRiskLabel: add exactly one of Labels.
	DoAddRiskLabel ActionKind = "add-risk-label"
	// DoKeepOneRiskLabel: keep exactly one of Labels, the highest real impact.
	DoKeepOneRiskLabel ActionKind = "keep-one-risk-label"
	// DoAddRiskRecord: name the re-assessed risk record (matching Pattern) in the description,
	// or relabel Labels[0] (no impact).
	DoAddRiskRecord ActionKind = "add-risk-record"
	// DoUpdateSOUPList: update the SOUP list at Path in this pull request.
	DoUpdateSOUPList ActionKind = "update-soup-list"
)

// Action is one thing someone can do.
type Action struct {
	Who Actor      `json:"who"`
	Do  ActionKind `json:"do"`
	// Issue is the issue concerned ("#53").
	Issue string `json:"issue,omitempty"`
	// Team is the team concerned ("@acme/qa").
	Team string `json:"team,omitempty"`
	// Reviewer is the login concerned.
	Reviewer string `json:"reviewer,omitempty"`
	// Commit is the commit concerned (full SHA), usually the head.
	Commit string `json:"commit,omitempty"`
	// Approved is the commit an earlier approval is on.
	Approved    string   `json:"approved_commit,omitempty"`
	Count       int      `json:"count,omitempty"`
	Extra       bool     `json:"extra,omitempty"`
	Independent bool     `json:"independent,omitempty"`
	CurrentHead bool     `json:"current_head,omitempty"`
	Pattern     string   `json:"pattern,omitempty"`
	Places      []string `json:"places,omitempty"`
	Labels      []string `json:"labels,omitempty"`
	Paths       []string `json:"paths,omitempty"`
	Checks      []Check  `json:"checks,omitempty"`
	Class       Class    `json:"class,omitempty"`
	// Requirements are requirement IDs concerned.
	Requirements []string `json:"requirements,omitempty"`
	// Catalogue names the requirement catalogue ("issues labelled `requirement`").
	Catalogue string `json:"catalogue,omitempty"`
	// Setting is the policy file setting concerned ("rules.reviews.required_teams").
	Setting string `json:"setting,omitempty"`
}

// todo is a Todo of its alternatives.
func todo(either ...Action) Todo { return Todo{Either: either} }

var (
	theAuthor = Actor{Kind: ActorAuthor}
	nobody    = Actor{Kind: ActorNobody}
)

func person(login string) Actor { return Actor{Kind: ActorLogin, Login: login} }
