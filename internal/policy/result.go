package policy

// Status is the outcome of one rule.
type Status string

// Rule statuses.
const (
	StatusPass    Status = "pass"
	StatusFail    Status = "fail"
	StatusPending Status = "pending"
	// StatusAdvisory: the rule is not met, but it does not block at this class.
	StatusAdvisory Status = "advisory"
	// StatusSkipped: the rule does not apply to this change (e.g. no dependency manifest changed).
	StatusSkipped Status = "skipped"
)

// Verdict is the overall outcome.
type Verdict string

// Verdicts.
const (
	VerdictPass    Verdict = "pass"
	VerdictFail    Verdict = "fail"
	VerdictPending Verdict = "pending"
)

// Result is what Evaluate decides about one pull request.
type Result struct {
	Pull           PullInfo       `json:"pull"`
	Class          Class          `json:"class"`
	Verdict        Verdict        `json:"verdict"`
	Classification Classification `json:"classification"`
	Rules          []RuleResult   `json:"rules"`
	// Deviations are the loosened defaults that applied to this pull request's class.
	Deviations []Deviation `json:"deviations"`
	// Vocabulary lists the policy's words that differ from the bundled defaults (what a test
	// file, a requirement ID, a manifest is), for a reviewer to check.
	Vocabulary []VocabularyChange `json:"vocabulary"`
	// PolicySource names the configuration evaluated ("bundled defaults" when there was none).
	PolicySource string `json:"policy_source"`
	// Proposal is what the pull request proposes for the policy file, when it changes it.
	Proposal *Proposal `json:"proposal,omitempty"`
}

// WithProposal records what the pull request proposes for the policy file. An invalid
// proposal fails the verdict, whatever the rules say: a broken policy is never merged
// unnoticed.
func (r *Result) WithProposal(p *Proposal) *Result {
	r.Proposal = p
	if !p.Valid() {
		r.Verdict = VerdictFail
	}
	return r
}

// ProposalInvalid reports whether the pull request proposes a policy file that is invalid.
func (r *Result) ProposalInvalid() bool { return r.Proposal != nil && !r.Proposal.Valid() }

// PullInfo identifies the pull request a result is about.
type PullInfo struct {
	Repo    string `json:"repo"` // owner/name
	Number  int    `json:"number"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	HeadSHA string `json:"head_sha"`
	Draft   bool   `json:"draft"`
}

// Classification records how the pull request's class was decided.
type Classification struct {
	DefaultClass Class `json:"default_class"`
	// Systems lists the touched systems with the changed files that fell in each.
	Systems []SystemMatch `json:"systems"`
	// Unclaimed lists changed files no system claims; they take the default class.
	Unclaimed []string `json:"unclaimed"`
	// Unseen counts changed files GitHub did not list (it lists at most 3000): they could be
	// in any system, so they make the class C.
	Unseen int `json:"unseen_files"`
	// Reason says in one line why the class is what it is.
	Reason string `json:"reason"`
}

// SystemMatch is one touched software system.
type SystemMatch struct {
	Name  string   `json:"name"`
	Class Class    `json:"class"`
	Files []string `json:"files"`
}

// RuleResult is the outcome of one rule.
type RuleResult struct {
	ID       RuleID `json:"id"`
	Title    string `json:"title"`
	Clauses  string `json:"clauses"`
	Status   Status `json:"status"`
	Blocking bool   `json:"blocking"`
	// Reason is one line a reviewer reads first.
	Reason string `json:"reason"`
	// Todo lists what must happen for the rule to pass: empty when it passes.
	Todo     []Todo   `json:"todo"`
	Evidence Evidence `json:"evidence"`
}

// Counts returns how many rules are failing (blocking fails) and how many there are.
func (r *Result) Counts() (failing, pending, total int) {
	for _, rule := range r.Rules {
		switch rule.Status {
		case StatusFail:
			failing++
		case StatusPending:
			pending++
		}
	}
	return failing, pending, len(r.Rules)
}

// VerdictOf derives the overall verdict: fail if any rule fails, else pending if any is
// pending, else pass. Non-blocking rules never report fail or pending.
func VerdictOf(rules []RuleResult) Verdict {
	verdict := VerdictPass
	for _, rule := range rules {
		switch rule.Status {
		case StatusFail:
			return VerdictFail
		case StatusPending:
			verdict = VerdictPending
		}
	}
	return verdict
}
