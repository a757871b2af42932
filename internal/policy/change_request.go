package policy

import (
	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// missingAtApproval are the parts of clause 8.2.1 (their section headings) that an approved
// change request lacks, as its status comment on the issue judges them: 8.2.1 asks that a
// change request be documented before it is approved, so the pull requests that link it
// report an approval given while they are missing.
func missingAtApproval(e *evaluation, issue *github.Issue) []string {
	a := problem.AssessChangeRequest(problem.ChangeRequest{Body: issue.GetBody(), ImpactLabels: e.policy.Config.RiskImpact.Labels,
		RecordPattern: e.policy.Config.RiskImpact.RecordPattern, Approval: problem.Approval{Labelled: true}})
	var out []string
	for _, f := range a.Missing() {
		out = append(out, f.Part.Heading)
	}
	return out
}
