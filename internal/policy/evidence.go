package policy

// Evidence is what a rule found, as data: render words it. Each rule fills the fields that
// concern it; the others stay empty.
type Evidence struct {
	RequirementIDs []RequirementID `json:"requirement_ids,omitempty"`
	// Catalogue is set when the policy names a requirement catalogue.
	Catalogue *CatalogueEvidence `json:"catalogue,omitempty"`
	Issues    []LinkedIssue      `json:"issues,omitempty"`
	// IssuesNotRead are linked issues past the first refs.MaxLinkedIssues: not read, so they
	// do not count.
	IssuesNotRead []string   `json:"issues_not_read,omitempty"`
	Reviewers     []Reviewer `json:"reviewers,omitempty"`
	// Unverified lists commit identities with no GitHub account: independence rests on their
	// names and emails alone.
	Unverified []Identity `json:"unverified_identities,omitempty"`
	Checks     []Check    `json:"checks,omitempty"`
	// FailedChecks are the head commit's red checks when none are required (class B, C).
	FailedChecks []Check `json:"failed_checks,omitempty"`
	TestFiles    []File  `json:"test_files,omitempty"`
	// UntestedSources are changed source files of the pull request's class (tests-and-checks).
	UntestedSources []File `json:"untested_sources,omitempty"`
	Risk            *Risk  `json:"risk,omitempty"`
	SOUP            *SOUP  `json:"soup,omitempty"`
	// PolicyChange is what the policy change control rule found.
	PolicyChange *PolicyChange `json:"policy_change,omitempty"`
}

// RequirementID is a requirement ID and where it was found: "title", "body", "commits" or
// "branch" (the policy file's search_in places).
type RequirementID struct {
	ID      string `json:"id"`
	FoundIn string `json:"found_in"`
	// Title is the requirement's title in the catalogue, when there is one.
	Title string `json:"title,omitempty"`
	// NotInCatalogue: a catalogue is configured and does not define the ID, so it is no trace.
	NotInCatalogue bool `json:"not_in_catalogue,omitempty"`
}

// CatalogueEvidence is what the traceability rule read of the requirement catalogue.
type CatalogueEvidence struct {
	// Where names the catalogue ("issues labelled `requirement`").
	Where string `json:"where"`
	// Read is false when the catalogue was not read at all: then no ID counts.
	Read bool `json:"read"`
	// Requirements counts the requirements it defines.
	Requirements int `json:"requirements"`
	// Incomplete says what of it was not read, and why.
	Incomplete string `json:"incomplete,omitempty"`
	// Problems are catalogue entries that define nothing, and why.
	Problems []string `json:"problems,omitempty"`
}

// IssueKind is what a linked issue is, by its labels.
type IssueKind string

// Issue kinds.
const (
	KindRequirement   IssueKind = "requirement"
	KindChangeRequest IssueKind = "change-request"
	KindProblemReport IssueKind = "problem-report"
	KindUnlabelled    IssueKind = ""
)

// IssueProblem says why a linked issue does not count; empty when it counts.
type IssueProblem string

// Why a linked issue does not count.
const (
	IssueNotFound IssueProblem = "not-found"
	// IssueUnlabelled: none of the requirement, change-request or problem-report labels.
	IssueUnlabelled IssueProblem = "unlabelled"
	// IssueUnapproved: a change request or problem report without the approved label where
	// approval is required.
	IssueUnapproved IssueProblem = "unapproved"
	// IssueApprovalUnknown: who added the approved label is not known (no issue events).
	IssueApprovalUnknown IssueProblem = "approval-unknown"
	// IssueApprovedByAuthor: the pull request's author added the approved label.
	IssueApprovedByAuthor IssueProblem = "approved-by-author"
	// IssueApprovedByBot: a bot added the approved label.
	IssueApprovedByBot IssueProblem = "approved-by-bot"
	// IssueApproverNotInTeam: whoever added the approved label is in none of the approver teams.
	IssueApproverNotInTeam IssueProblem = "approver-not-in-team"
	// IssueApproverTeamUnknown: the approver teams' members could not be read.
	IssueApproverTeamUnknown IssueProblem = "approver-team-unknown"
)

// LinkedIssue is an issue the pull request closes, with what the rule made of it.
type LinkedIssue struct {
	// Ref is how a reader names it: "#53" in the pull request's repository, else "owner/repo#53".
	Ref      string    `json:"ref"`
	Labels   []string  `json:"labels"`
	Kind     IssueKind `json:"kind"`
	Approved bool      `json:"approved"`
	Counts   bool      `json:"counts"`
	// Problem says why it does not count; empty when it counts.
	Problem IssueProblem `json:"problem,omitempty"`
	// ApprovedLabel is the label that approves a change request, for the reader.
	ApprovedLabel string `json:"approved_label,omitempty"`
	// MissingAtApproval are the parts of clause 8.2.1 an approved change request lacks (their
	// section headings): it was approved before it was complete.
	MissingAtApproval []string `json:"missing_at_approval,omitempty"`
	// ApprovedBy is who last added the approved label, where approval is required and known.
	ApprovedBy string `json:"approved_by,omitempty"`
	// ApproverTeams are the teams one of whose members must approve ("@org/slug").
	ApproverTeams []string `json:"approver_teams,omitempty"`
	// LabelNames are the kind labels it lacks ("requirement", "change-request", ...), for an
	// unlabelled issue.
	KindLabels []string `json:"kind_labels,omitempty"`
}

// ReviewProblem says why a reviewer's review does not count; empty when it counts.
type ReviewProblem string

// Why a review does not count.
const (
	ReviewByAuthor    ReviewProblem = "author"
	ReviewByBot       ReviewProblem = "bot"
	ReviewByDeleted   ReviewProblem = "deleted-account"
	ReviewDismissed   ReviewProblem = "dismissed"
	ReviewChanges     ReviewProblem = "changes-requested"
	ReviewContributor ReviewProblem = "not-independent"
	ReviewStale       ReviewProblem = "stale"
)

// Reviewer is one reviewer's standing: their latest deciding review and whether it counts.
type Reviewer struct {
	// Login is empty for a deleted account.
	Login string `json:"login"`
	// State is the deciding review's state (APPROVED, CHANGES_REQUESTED, DISMISSED).
	State string `json:"state"`
	// Commit is the commit the review was given on.
	Commit  string        `json:"commit"`
	Counts  bool          `json:"counts"`
	Problem ReviewProblem `json:"problem,omitempty"`
	// Contribution is how a not-independent reviewer took part in the commits.
	Contribution *Contribution `json:"contribution,omitempty"`
	// Head is the head commit, for a stale approval.
	Head string `json:"head,omitempty"`
}

// Contribution is one way a person took part in a pull request's commits.
type Contribution struct {
	// Role is "author", "committer" or "co-author".
	Role   string `json:"role"`
	Commit string `json:"commit"`
}

// Identity is a commit author or committer GitHub linked to no account.
type Identity struct {
	Contribution
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Check is one required check's latest result on the head commit.
type Check struct {
	Name string `json:"name"`
	// Source is "check-run", "commit-status", or "" when it has not reported.
	Source string `json:"source"`
	// State is what GitHub says: a check run's status or conclusion, a commit status's state.
	State string `json:"state"`
	// Outcome is pass, fail or pending.
	Outcome Status `json:"outcome"`
	// Similar are names that did report on the head commit and look like this one, for a
	// check that has not reported.
	Similar []string `json:"similar,omitempty"`
}

// Check sources.
const (
	SourceCheckRun     = "check-run"
	SourceCommitStatus = "commit-status"
)

// File is a changed file with the software systems it belongs to (none: the default class)
// and the class it takes.
type File struct {
	Path    string   `json:"path"`
	Systems []string `json:"systems"`
	Class   Class    `json:"class"`
}

// Risk is what the risk impact rule found.
type Risk struct {
	Labels  []string `json:"labels"`
	Records []string `json:"records"`
}

// SOUP is what the SOUP rule found.
type SOUP struct {
	Manifests   []string `json:"manifests"`
	List        string   `json:"list"`
	ListChanged bool     `json:"list_changed"`
}
