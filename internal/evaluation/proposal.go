package evaluation

import (
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// withProposal adds what a pull request that changes the policy file proposes to a judgement
// made under base, the base branch's policy: the proposal is validated, and an invalid one
// fails the check (a broken policy is never merged unnoticed); the deviations it would add,
// remove or change lead the check run and the summary comment.
func withProposal(j Judgement, snap *snapshot.Snapshot, base *policy.Policy) Judgement {
	if snap.ProposedConfig == nil {
		return j
	}
	proposal := policyfile.Propose(base, policyPath(snap), snap.ProposedConfig)
	section := render.Proposal(proposal)
	run := &j.Outcome.CheckRun
	run.Summary = section + "**Under the base branch's policy**\n\n" + run.Summary
	if !proposal.Valid() {
		run.Status, run.Conclusion = snapshot.StatusCompleted, snapshot.ConclusionFailure
		run.Title = "Proposed policy invalid (base policy: " + run.Title + ")"
	}
	if c := j.Outcome.Comment; c != nil {
		c.Body = afterHeading(c.Body, section)
		c.CreateIfMissing = c.CreateIfMissing || (!proposal.Valid() && j.Kind == KindEvaluated)
	}
	return j
}

// afterHeading puts section right below the comment's marker and heading, where a reviewer
// reads first; a comment without a heading (turned off) is left alone.
func afterHeading(body, section string) string {
	prefix := render.CommentMarker + "\n### "
	if !strings.HasPrefix(body, prefix) {
		return body
	}
	end := strings.Index(body[len(prefix):], "\n")
	if end < 0 {
		return body
	}
	cut := len(prefix) + end + 1
	return body[:cut] + "\n" + section + strings.TrimPrefix(body[cut:], "\n")
}
