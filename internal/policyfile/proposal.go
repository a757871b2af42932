package policyfile

import (
	"errors"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Evaluate judges a pull request by p, the base branch's policy, and, when the pull request
// changes the policy file, validates the file it proposes and compares it with p: the app and
// the evaluate command both judge through here, so they agree on a policy-changing pull request.
func Evaluate(p *policy.Policy, s *snapshot.Snapshot) *policy.Result {
	r := policy.Evaluate(p, s)
	if s.ProposedConfig == nil {
		return r
	}
	return r.WithProposal(Propose(p, s.PolicyFile(), s.ProposedConfig))
}

// Propose validates the policy file a pull request proposes (name is its path in messages)
// and compares its deviations with those of base, the policy that judges the pull request.
func Propose(base *policy.Policy, name string, data []byte) *policy.Proposal {
	out := &policy.Proposal{Path: name, Problems: []string{}, Added: []policy.Deviation{}, Removed: []policy.Deviation{}, Changed: []policy.DeviationChange{}}
	proposed, err := Parse(name, data)
	if err != nil {
		var invalid *ValidationError
		if !errors.As(err, &invalid) {
			out.Problems = append(out.Problems, err.Error())
			return out
		}
		for _, p := range invalid.Problems {
			out.Problems = append(out.Problems, p.String())
		}
		return out
	}
	before := map[string]policy.Deviation{}
	for _, d := range base.Deviations {
		before[deviationKey(d)] = d
	}
	for _, d := range proposed.Deviations {
		old, ok := before[deviationKey(d)]
		delete(before, deviationKey(d))
		switch {
		case !ok:
			out.Added = append(out.Added, d)
		case old != d:
			out.Changed = append(out.Changed, policy.DeviationChange{Before: old, After: d})
		}
	}
	for _, d := range base.Deviations {
		if _, gone := before[deviationKey(d)]; gone {
			out.Removed = append(out.Removed, d)
		}
	}
	return out
}

func deviationKey(d policy.Deviation) string {
	return string(d.Class) + " " + string(d.Rule) + " " + d.Setting
}
