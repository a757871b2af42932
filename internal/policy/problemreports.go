package policy

import "github.com/iec62304-bot/iec62304-bot/internal/problem"

// ProblemReportSettings configures the problem resolution process (clause 9) and the
// change-request checks (8.2.1) the bot runs on issues. A repository without a policy file
// gets none of it: the bot files no reports where nobody asked for them.
type ProblemReportSettings struct {
	Triggers ProblemTriggers
	Stages   problem.StageLabels
	// Checks are the check names whose failure on the default branch files a report; nil
	// means the test evidence rule's required checks.
	Checks []string
	// CommandPermission is the least repository permission that may use /problem-report:
	// read, triage, write, maintain or admin.
	CommandPermission string
	// ReopenIncomplete reopens a report closed without a resolution and a verification.
	ReopenIncomplete bool
}

// ProblemTriggers says which events file or adopt a problem report.
type ProblemTriggers struct {
	// Merge: a pull request merged while its fresh evaluation is not a pass (9.1, 9.8).
	Merge bool
	// DefaultBranch: a counted check failing on a commit of the default branch (9.1, 9.5).
	DefaultBranch bool
	// Command: a /problem-report comment by someone with CommandPermission (9.1).
	Command bool
	// Manual: an issue filed by hand with the problem-report label gets completeness tracking.
	Manual bool
}

// ReportChecks are the checks that count for failures on the default branch.
func (c Config) ReportChecks() []string {
	if c.ProblemReports.Checks != nil {
		return c.ProblemReports.Checks
	}
	return c.TestEvidence.RequiredChecks
}
