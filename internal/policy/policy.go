// Package policy is the IEC 62304 policy engine: the repository configuration
// (.github/iec62304.yml), the bundled per-class defaults, and Evaluate, a pure function from a
// policy and a pull-request snapshot to a result. Nothing here does I/O or reads a clock.
package policy

import "regexp"

// Class is a software safety class (IEC 62304 clause 4.3).
type Class string

// The safety classes, from least to most strict.
const (
	ClassA Class = "A"
	ClassB Class = "B"
	ClassC Class = "C"
)

// Classes lists every class, least strict first.
var Classes = []Class{ClassA, ClassB, ClassC}

// Rank orders classes by strictness: A=1, B=2, C=3; an unknown class ranks 0.
func (c Class) Rank() int {
	switch c {
	case ClassA:
		return 1
	case ClassB:
		return 2
	case ClassC:
		return 3
	}
	return 0
}

// Enforcement says whether a failing rule blocks the pull request.
type Enforcement string

// Enforcement levels.
const (
	Blocking Enforcement = "blocking"
	Advisory Enforcement = "advisory"
)

// EvidenceMode says what counts as test evidence.
type EvidenceMode string

// Test evidence modes.
const (
	// TestsOrChecks: a changed test file, or every required check succeeded on the head commit.
	TestsOrChecks EvidenceMode = "tests-or-checks"
	// TestsAndChecks: changed test files whenever source files of a system of the pull request's
	// class changed, and every required check succeeded on the head commit.
	TestsAndChecks EvidenceMode = "tests-and-checks"
)

// CommentMode says when the bot keeps a summary comment on a pull request.
type CommentMode string

// Summary comment modes.
const (
	CommentAlways    CommentMode = "always"
	CommentOnFailure CommentMode = "on-failure"
	CommentNever     CommentMode = "never"
)

// Policy is a validated repository configuration merged with the bundled class defaults.
type Policy struct {
	// Source names where the policy came from: a file path, or "bundled defaults".
	Source string
	// Configured is false when the repository has no configuration file (bundled defaults only).
	Configured bool
	Config     Config
	// Rules holds the effective per-class rule settings: bundled defaults with overrides applied.
	Rules map[Class]ClassRules
	// Deviations lists every override that loosens a bundled class default, with its justification.
	Deviations []Deviation
	// Vocabulary lists the class-independent settings that differ from the bundled defaults.
	Vocabulary []VocabularyChange
}

// Config is the class-independent part of .github/iec62304.yml.
type Config struct {
	Version        int
	DefaultClass   Class
	SummaryComment CommentMode
	Systems        []System
	Traceability   TraceabilitySettings
	Reviews        ReviewSettings
	TestEvidence   TestEvidenceSettings
	RiskImpact     RiskImpactSettings
	SOUP           SOUPSettings
	ProblemReports ProblemReportSettings
	// RuleOptions holds each rule's Options, keyed by rule: the rule's own options struct, read
	// and written through its Option descriptors. A rule absent here has its options unset.
	RuleOptions map[RuleID]any

	// DefaultClassJustification says why DefaultClass is below C, a deviation.
	DefaultClassJustification string
}

// System is one software system (clause 4.3): files matching Paths belong to it. A file
// several systems claim takes the highest class among them.
type System struct {
	Name  string
	Class Class
	// Paths are doublestar globs relative to the repository root ("dose/**").
	Paths []string
	// WinsOver names systems that give up the files this one also claims (a README.md in a
	// class C folder kept class A). Winning over a stricter system is a deviation: it needs
	// Justification, and it is reported wherever it lowers a file's class.
	WinsOver      []string
	Justification string
}

// TraceabilitySettings configures how a change is traced to a requirement (5.2, 6.2, 8.2).
type TraceabilitySettings struct {
	RequirementPattern *regexp.Regexp
	// SearchIn lists where requirement IDs are looked for: "title", "body", "commits", "branch".
	SearchIn []string
	Labels   IssueLabels
	// Approvers are team slugs: where approval is required, only a member of one of them may
	// have added the approved label. Empty: anyone but the pull request's author and bots.
	Approvers []string
	// Catalogue is where requirement IDs are defined; nil: any ID matching the pattern counts.
	Catalogue *Catalogue
}

// IssueLabels are the issue labels that give a linked issue its meaning.
type IssueLabels struct {
	Requirement   string
	ChangeRequest string
	ProblemReport string
	// Approved marks a change request as approved (needed at class C by default).
	Approved string
}

// ReviewSettings configures code review (5.5).
type ReviewSettings struct {
	// RequiredTeams are team slugs (in the base repository's organisation) whose approval is
	// needed where the class rules say RequireTeams.
	RequiredTeams []string
}

// TestEvidenceSettings configures test evidence (5.5-5.7).
type TestEvidenceSettings struct {
	// TestPaths are globs that identify test files.
	TestPaths []string
	// SourcePaths are globs that identify source files (those that need tests at class C).
	SourcePaths []string
	// RequiredChecks are check run names that must conclude with success on the head commit.
	RequiredChecks []string
}

// RiskImpactSettings configures the risk impact rule (7.4).
type RiskImpactSettings struct {
	// Labels are the risk impact labels, lowest impact first; the first means "no impact".
	Labels        []string
	RecordPattern *regexp.Regexp
}

// SOUPSettings configures SOUP change control (8.1.2).
type SOUPSettings struct {
	// Manifests are globs of dependency manifests.
	Manifests []string
	// ListPath is the repository path of the SOUP list.
	ListPath string
}

// Deviation is an override that loosens a bundled class default. Auditors ask who waived what,
// and why: every evaluation of a pull request of that class reports it.
type Deviation struct {
	Class         Class  `json:"class"`
	Rule          RuleID `json:"rule"`
	Setting       string `json:"setting"`
	Default       string `json:"default"`
	Configured    string `json:"configured"`
	Justification string `json:"justification"`
}
