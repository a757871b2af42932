package policy_test

import (
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// otherIssue adds an issue of another repository, keyed as the snapshot on disk spells it.
func (p *pr) otherIssue(owner, repo string, n int, labels ...string) *pr {
	is := &github.Issue{Number: github.Int(n)}
	for _, l := range labels {
		is.Labels = append(is.Labels, &github.Label{Name: github.String(l)})
	}
	p.s.Issues[snapshot.IssueRef{Owner: owner, Repo: repo, Number: n}] = is
	return p
}

// TestTraceabilityLinksAsGitHubDoes: the rule counts an issue exactly when GitHub would link
// it, so a template's example or a snippet of code never passes as a trace, and a reference in
// another case still finds its issue.
func TestTraceabilityLinksAsGitHubDoes(t *testing.T) {
	const template = "## Linked issue\n<!-- Fixes #123: replace with your issue -->\n\n## Tests\n"
	runRuleCases(t, []ruleCase{
		{"template comment is no link", newPR(uiFile).body(template).issue(123, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusFail, "No requirement ID and no linked requirement"},
		{"template filled in", newPR(uiFile).body(template+"Fixes #41\n").issue(41, "requirement").issue(123, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusPass, "Traces to #41 (requirement)."},
		{"keyword in a tilde fence", newPR(uiFile).body("~~~\nfixes #41\n~~~").issue(41, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusFail, "No requirement ID and no linked requirement"},
		{"keyword in a double-backtick span", newPR(uiFile).body("``fixes #41``").issue(41, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusFail, "No requirement ID and no linked requirement"},
		{"keyword in an indented block", newPR(uiFile).body("Example:\n\n    fixes #41").issue(41, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusFail, "No requirement ID and no linked requirement"},
		{"own repository in another case", newPR(uiFile).body("Closes ACME/Pump#41").issue(41, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusPass, "Traces to #41 (requirement)."},
		{"own repository's issue URL in another case", newPR(uiFile).body("Fixes https://github.com/Acme/pump/issues/41").issue(41, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusPass, "Traces to #41 (requirement)."},
		{"other repository stored in another case", newPR(uiFile).body("Fixes acme/requirements#8").otherIssue("Acme", "Requirements", 8, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusPass, "Traces to acme/requirements#8 (requirement)."},
		{"other repository in two cases counts once", newPR(uiFile).body("Fixes acme/requirements#8, fixes Acme/Requirements#8").otherIssue("acme", "requirements", 8, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusPass, "Traces to acme/requirements#8 (requirement)."},
		{"other repository's other issue is not found", newPR(uiFile).body("Fixes acme/requirements#9").otherIssue("Acme", "Requirements", 8, "requirement"), "", policy.ClassB,
			policy.RuleTraceability, policy.StatusFail, "acme/requirements#9: not found"},
	})
}
