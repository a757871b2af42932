package policy

import (
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// evaluation is what every rule sees: the policy, the pull request, and its class.
type evaluation struct {
	policy *Policy
	snap   *snapshot.Snapshot
	class  Class
	rules  ClassRules
	files  fileSet
}

// Evaluate judges one pull request against a policy. It is pure: no I/O, no clock, and the
// same inputs always give the same result.
func Evaluate(p *Policy, s *snapshot.Snapshot) *Result {
	files := newFileSet(s.Files)
	class, classification, lowered := classify(p.Config, files, s.Pull.GetChangedFiles()-len(s.Files))
	e := &evaluation{policy: p, snap: s, class: class, rules: p.Rules[class], files: files}
	result := &Result{
		Pull:           pullInfo(s),
		Class:          class,
		Classification: classification,
		Rules:          make([]RuleResult, 0, len(registry)),
		Deviations:     lowered,
		PolicySource:   p.Source,
		Vocabulary:     append([]VocabularyChange{}, p.Vocabulary...),
	}
	for _, r := range registry {
		if !r.judged(p.Config) {
			continue
		}
		rr := r.judge(e)
		rr.ID, rr.Title, rr.Clauses = r.ID, r.Title, r.Clauses
		result.Rules = append(result.Rules, enforce(rr, r.enforcement(e.rules)))
	}
	for _, d := range p.Deviations {
		if d.Class == class && d.Rule != RuleClassification {
			result.Deviations = append(result.Deviations, d)
		}
	}
	result.Verdict = VerdictOf(result.Rules)
	return result
}

// enforce turns a non-blocking rule's fail or pending into advisory: reported, never blocking.
func enforce(rr RuleResult, enforcement Enforcement) RuleResult {
	rr.Blocking = enforcement == Blocking
	if !rr.Blocking && (rr.Status == StatusFail || rr.Status == StatusPending) {
		rr.Status = StatusAdvisory
	}
	if rr.Todo == nil {
		rr.Todo = []Todo{}
	}
	return rr
}

func pullInfo(s *snapshot.Snapshot) PullInfo {
	owner, repo := s.BaseRepo()
	return PullInfo{
		Repo:    owner + "/" + repo,
		Number:  s.Pull.GetNumber(),
		Title:   s.Pull.GetTitle(),
		URL:     s.Pull.GetHTMLURL(),
		HeadSHA: s.HeadSHA(),
		Draft:   s.Pull.GetDraft(),
	}
}
