// Package evaluation runs one evaluation of a pull request end to end: fetch a snapshot, judge
// it, apply the outcome to GitHub. Judge is the pure middle; Service does the I/O around it.
package evaluation

import (
	"errors"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Kind says which path a judgement took; it labels metrics and logs.
type Kind string

// Judgement kinds.
const (
	KindEvaluated     Kind = "evaluated"
	KindConfigError   Kind = "config_error"
	KindNotConfigured Kind = "not_configured"
	KindDraft         Kind = "draft"
)

// Judgement is what GitHub should show for one snapshot.
type Judgement struct {
	Kind Kind
	// Result is nil when the configuration is broken.
	Result  *policy.Result
	Outcome githubio.Outcome
}

// Label is the outcome's metric label: the verdict when evaluated, else the kind.
func (j Judgement) Label() string {
	if j.Kind == KindEvaluated {
		return string(j.Result.Verdict)
	}
	return string(j.Kind)
}

// Judge decides the check run and summary comment for a snapshot; bot names the bot's build,
// for the check run's provenance. Pure: it fails closed, so a broken policy file is a failing
// check, never a silent pass.
func Judge(snap *snapshot.Snapshot, detailsURL, bot string) Judgement {
	prov := render.Provenance{Bot: bot, Policy: policyLocation(snap)}
	if snap.Config == nil {
		preview, ok := evaluateWithin(evaluationBudget, policyfile.Default(), snap)
		if !ok {
			return overBudget(snap, evaluationBudget, prov, detailsURL)
		}
		return neutral(snap, KindNotConfigured, preview, render.NotConfigured(snap.PolicyFile(), snap.Pull.GetBase().GetRef(), preview, prov), detailsURL)
	}
	p, err := policyfile.Parse(configLabel(snap), snap.Config)
	if err != nil {
		return configError(snap, err, prov, detailsURL)
	}
	result, ok := evaluateWithin(evaluationBudget, p, snap)
	if !ok {
		return overBudget(snap, evaluationBudget, prov, detailsURL)
	}
	if snap.Pull.GetDraft() {
		return neutral(snap, KindDraft, result, render.Draft(result, prov), detailsURL)
	}
	return evaluated(snap, p, result, prov, detailsURL)
}

func evaluated(snap *snapshot.Snapshot, p *policy.Policy, result *policy.Result, prov render.Provenance, detailsURL string) Judgement {
	run := checkRun(snap, render.CheckRun(result, detailsURL, prov), detailsURL)
	switch result.Verdict {
	case policy.VerdictPending:
		run.Status = snapshot.StatusInProgress
	case policy.VerdictFail:
		run.Status, run.Conclusion = snapshot.StatusCompleted, snapshot.ConclusionFailure
	default:
		run.Status, run.Conclusion = snapshot.StatusCompleted, snapshot.ConclusionSuccess
	}
	return Judgement{
		Kind:    KindEvaluated,
		Result:  result,
		Outcome: githubio.Outcome{CheckRun: run, Comment: comment(p.Config.SummaryComment, result, detailsURL)},
	}
}

// comment applies the repository's summary_comment mode. An existing comment is always kept
// true (after an on-failure PR is fixed, after comments were turned off), so it never shows a
// stale verdict; only the mode decides whether a new one is posted.
func comment(mode policy.CommentMode, result *policy.Result, detailsURL string) *githubio.CommentSpec {
	switch mode {
	case policy.CommentNever:
		return &githubio.CommentSpec{Body: render.Disabled()}
	case policy.CommentOnFailure:
		return &githubio.CommentSpec{Body: render.Comment(result, detailsURL), CreateIfMissing: result.Verdict == policy.VerdictFail}
	}
	return &githubio.CommentSpec{Body: render.Comment(result, detailsURL), CreateIfMissing: true}
}

func configError(snap *snapshot.Snapshot, err error, prov render.Provenance, detailsURL string) Judgement {
	var invalid *policyfile.ValidationError
	problems := []string{err.Error()}
	if errors.As(err, &invalid) {
		problems = problems[:0]
		for _, p := range invalid.Problems {
			problems = append(problems, p.String())
		}
	}
	out := render.ConfigError(prov, problems)
	run := checkRun(snap, out, detailsURL)
	run.Status, run.Conclusion = snapshot.StatusCompleted, snapshot.ConclusionFailure
	return Judgement{Kind: KindConfigError, Outcome: githubio.Outcome{CheckRun: run, Comment: notice(out)}}
}

// neutral is the check of a pull request not judged in full (a draft, a repository without a
// policy), with a preview. An invalid proposed policy fails it all the same: a broken policy
// is never merged unnoticed.
func neutral(snap *snapshot.Snapshot, kind Kind, preview *policy.Result, out render.CheckRunOutput, detailsURL string) Judgement {
	run := checkRun(snap, out, detailsURL)
	run.Status, run.Conclusion = snapshot.StatusCompleted, snapshot.ConclusionNeutral
	if preview.ProposalInvalid() {
		run.Conclusion = snapshot.ConclusionFailure
	}
	return Judgement{Kind: kind, Result: preview, Outcome: githubio.Outcome{CheckRun: run, Comment: notice(out)}}
}

// notice keeps an earlier summary comment true when the PR is not evaluated in full; it never
// posts a new one, since the check run already says it all.
func notice(out render.CheckRunOutput) *githubio.CommentSpec {
	return &githubio.CommentSpec{Body: render.Notice(out)}
}

func checkRun(snap *snapshot.Snapshot, out render.CheckRunOutput, detailsURL string) githubio.CheckRunSpec {
	owner, repo := snap.BaseRepo()
	return githubio.CheckRunSpec{
		HeadSHA:    snap.HeadSHA(),
		DetailsURL: detailsURL,
		ExternalID: snapshot.IssueRef{Owner: owner, Repo: repo, Number: snap.Pull.GetNumber()}.String(),
		Title:      out.Title,
		Summary:    out.Summary,
		Text:       out.Text,
	}
}

// policyLocation names the policy file the snapshot holds; none when it holds none.
func policyLocation(snap *snapshot.Snapshot) render.PolicyLocation {
	if snap.Config == nil {
		return render.PolicyLocation{}
	}
	owner, repo := snap.BaseRepo()
	baseRepo := owner + "/" + repo + "@"
	return render.PolicyLocation{
		Path:       configLabel(snap),
		RepoPath:   snap.PolicyFile(),
		Source:     snap.ConfigSource,
		Commit:     snap.ConfigCommit,
		Blob:       snap.ConfigBlob(),
		OrgDefault: snap.ConfigSource != "" && !strings.HasPrefix(strings.ToLower(snap.ConfigSource), strings.ToLower(baseRepo)),
	}
}

func configLabel(snap *snapshot.Snapshot) string {
	if snap.ConfigName != "" {
		return snap.ConfigName
	}
	return snap.PolicyFile()
}
