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

// ruleFunc judges one rule; enforcement is applied afterwards, in one place.
type ruleFunc func(e *evaluation) RuleResult

var ruleOrder = []struct {
	id, title, clauses string
	judge              ruleFunc
	enforcement        func(ClassRules) Enforcement
}{
	{string(RuleTraceability), "Traceability", "5.2, 6.2, 8.2", traceability, func(r ClassRules) Enforcement { return r.Traceability.Enforcement }},
	{string(RuleReviews), "Code review", "5.5", reviews, func(r ClassRules) Enforcement { return r.Reviews.Enforcement }},
	{string(RuleTestEvidence), "Test evidence", "5.5-5.7", testEvidence, func(r ClassRules) Enforcement { return r.TestEvidence.Enforcement }},
	{string(RuleRiskImpact), "Risk impact", "7.4", riskImpact, func(r ClassRules) Enforcement { return r.RiskImpact.Enforcement }},
	{string(RuleSOUP), "SOUP change control", "8.1.2", soup, func(r ClassRules) Enforcement { return r.SOUP.Enforcement }},
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
		Rules:          make([]RuleResult, 0, len(ruleOrder)),
		Deviations:     lowered,
		PolicySource:   p.Source,
		Vocabulary:     append([]VocabularyChange{}, p.Vocabulary...),
	}
	for _, r := range ruleOrder {
		rr := r.judge(e)
		rr.ID, rr.Title, rr.Clauses = RuleID(r.id), r.title, r.clauses
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
	if rr.Fix == nil {
		rr.Fix = []string{}
	}
	if rr.Evidence == nil {
		rr.Evidence = []Evidence{}
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

// evidence builds an Evidence entry, or none when there are no items.
func evidence(kind string, items []string) []Evidence {
	if len(items) == 0 {
		return nil
	}
	return []Evidence{{Kind: kind, Items: items}}
}

func shortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
