package render

import (
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// maxOutput is below GitHub's 65535-character limit on a check run's summary and text.
const maxOutput = 65000

// CheckRunOutput is what goes into a check run's output.
type CheckRunOutput struct {
	Title, Summary, Text string
}

// CheckRun renders a result for the check run: the summary holds the verdict and what to do,
// the text the evidence and its provenance. detailsURL, when set, links the per-PR details page.
func CheckRun(r *policy.Result, detailsURL string, p Provenance) CheckRunOutput {
	summary := proposalLead(r) + verdictLine(r) + "\n\n" + whatToDo(r)
	if detailsURL != "" {
		summary += "[Details and audit trail](" + detailsURL + ")\n"
	}
	return CheckRunOutput{
		Title:   Title(r),
		Summary: truncate(summary),
		Text:    truncate(body(r)) + ProvenanceSection(p, r.Pull.HeadSHA),
	}
}

// CommentMarker is the hidden marker that finds the bot's summary comment again.
const CommentMarker = "<!-- iec62304-bot:summary -->"

// Comment is the sticky summary comment: compact, for the PR timeline.
func Comment(r *policy.Result, detailsURL string) string {
	heading := CommentMarker + "\n### IEC 62304: " + verdictSymbols[r.Verdict] + " " + Title(r) + "\n"
	if r.Proposal != nil {
		heading += "\n" + Proposal(r.Proposal)
	}
	if policy.VerdictOf(r.Rules) == policy.VerdictPass {
		return heading + passingNotes(r) + evaluatedOn(r, detailsURL)
	}
	var b strings.Builder
	b.WriteString(heading)
	if r.Proposal == nil {
		b.WriteString("\n")
	}
	b.WriteString(whatToDo(r))
	b.WriteString(ruleTable(r))
	b.WriteString(deviations(r))
	b.WriteString(classificationLine(r) + "\n\n")
	b.WriteString(evaluatedOn(r, detailsURL))
	return truncate(b.String())
}

// passingNotes is one line, or none, for a passing pull request: the advisory rules it did not
// meet and the deviations that applied. A pass makes little noise; the check run says what
// would satisfy each rule and why each deviation was justified.
func passingNotes(r *policy.Result) string {
	var titles, waived []string
	for _, rule := range r.Rules {
		if rule.Status == policy.StatusAdvisory {
			titles = append(titles, inert(rule.Title))
		}
	}
	for _, d := range r.Deviations {
		waived = append(waived, inert(string(d.Rule)+"."+d.Setting+" "+d.Default+" → "+d.Configured))
	}
	var notes []string
	if len(titles) > 0 {
		notes = append(notes, "Advisory, not met: "+joinAnd(titles)+".")
	}
	if len(waived) > 0 {
		notes = append(notes, "Justified deviations from the class "+string(r.Class)+" defaults: "+joinAnd(waived)+".")
	}
	if len(notes) == 0 {
		return ""
	}
	return strings.Join(notes, " ") + "\n"
}

func evaluatedOn(r *policy.Result, detailsURL string) string {
	line := "Evaluated on " + snapshot.ShortSHA(r.Pull.HeadSHA) + "; the `IEC 62304` check run has the full report.\n"
	if detailsURL == "" {
		return line
	}
	return "[Evidence and audit trail](" + detailsURL + ") · " + line
}

// ConfigError is the failing check run output for a broken policy file. The problems are
// quoted exactly as validate prints them, so they can be pasted into an editor's jump list.
func ConfigError(p Provenance, problems []string) CheckRunOutput {
	loc := p.Policy
	var b strings.Builder
	b.WriteString("❌ **The policy file " + code(loc.Path) + fromSource(loc) + " is invalid**, so no pull request in this repository can pass until it is fixed.\n\n")
	b.WriteString("**What to do**\n\n")
	if loc.OrgDefault {
		b.WriteString("1. This repository has no policy of its own and inherits the organisation's default. Fix the problems below in " + code(loc.Source) + ", or commit a valid " + code(loc.RepoPath) + " to this repository's base branch.\n")
	} else {
		b.WriteString("1. Fix the problems below. The policy is read from the pull request's **base** branch, so the fix must land there (a pull request cannot change its own policy).\n")
	}
	b.WriteString("2. Check it locally with " + code("iec62304-bot validate "+loc.Path) + ".\n\n")
	b.WriteString(fenced(problems))
	return CheckRunOutput{
		Title:   "Configuration error in " + loc.Path,
		Summary: truncate(b.String()),
		Text:    ProvenanceSection(p, ""),
	}
}

func fromSource(loc PolicyLocation) string {
	if loc.Source == "" {
		return ""
	}
	return " on " + code(loc.Source)
}

// Notice is the summary comment for a pull request that was not evaluated in full (a broken
// or missing policy, a draft). It only replaces a comment posted earlier, so that comment never
// shows a stale verdict beside the check run.
func Notice(out CheckRunOutput) string {
	return CommentMarker + "\n### IEC 62304: " + out.Title + "\n\n" + out.Summary
}

// Disabled replaces an earlier summary comment once a repository turns comments off.
func Disabled() string {
	return CommentMarker + "\n### IEC 62304\n\nSummary comments are turned off (`summary_comment: never`); the `IEC 62304` check run holds the verdict.\n"
}

// exampleConfig is the smallest useful policy, shown to repositories that have none.
const exampleConfig = "```yaml\nversion: 1\ndefault_class: C\nsystems:\n  - name: firmware\n    class: C\n    paths: [\"src/**\"]\n  - name: docs\n    class: A\n    paths: [\"docs/**\"]\n```\n"

// NotConfigured is the neutral output for a repository without a policy file at path (where the
// app is configured to look), with a preview of what the bundled defaults would say.
func NotConfigured(path, baseRef string, preview *policy.Result, p Provenance) CheckRunOutput {
	var b strings.Builder
	b.WriteString("This repository has no " + code(path) + " on " + code(baseRef) + ", so this check does not block.\n\n")
	b.WriteString("**To opt in**, commit " + code(path) + " to " + code(baseRef) + ", for example:\n\n" + exampleConfig)
	b.WriteString("\nEvery key is documented in docs/policies.md of iec62304-bot. Without `systems`, every file is class C.\n")
	return neutralOutput("Not configured: no "+path, b.String(), "Preview under the bundled defaults", preview, p)
}

// Draft is the neutral output for a draft pull request, with a preview of the evaluation.
func Draft(preview *policy.Result, p Provenance) CheckRunOutput {
	summary := "This pull request is a draft: it is evaluated in full when it is marked ready for review.\n"
	return neutralOutput("Draft: evaluated when ready for review", summary, "Preview", preview, p)
}

func neutralOutput(title, summary, previewTitle string, preview *policy.Result, p Provenance) CheckRunOutput {
	out := CheckRunOutput{Title: title, Summary: truncate(summary), Text: ProvenanceSection(p, "")}
	if preview != nil && preview.Proposal != nil {
		out.Summary = truncate(proposalLead(preview) + summary)
		if preview.ProposalInvalid() {
			out.Title = "Proposed policy invalid (base policy: " + title + ")"
		}
	}
	if preview != nil {
		out.Text = truncate("### "+previewTitle+": "+Title(preview)+"\n\n"+whatToDo(preview)+body(preview)) + ProvenanceSection(p, preview.Pull.HeadSHA)
	}
	return out
}

// truncate keeps output under GitHub's limit, closing an open <details> or code fence.
func truncate(s string) string {
	if len(s) <= maxOutput {
		return s
	}
	cut := s[:maxOutput]
	if i := strings.LastIndex(cut, "\n"); i > 0 {
		cut = cut[:i+1]
	}
	if strings.Count(cut, "```")%2 == 1 {
		cut += "```\n"
	}
	if strings.Count(cut, "<details>") > strings.Count(cut, "</details>") {
		cut += "\n</details>\n"
	}
	return cut + "\n_Truncated: the full report is longer than GitHub allows here._\n"
}
