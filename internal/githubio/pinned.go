package githubio

import (
	"sync"

	"github.com/palantir/go-githubapp/appconfig"
)

// PinnedPolicies keeps, for one run that evaluates many pull requests (the release record),
// the commit each base branch pointed at when first read and the policy read there: the
// others are judged by the same policy without reading the branch and the file again (two
// calls each), and a push to the base branch during the run cannot mix two policies in one
// record. A failed read is not kept: the next pull request tries again. Not for the server,
// where each evaluation must see the base branch as it is. Safe for concurrent use.
type PinnedPolicies struct {
	mu     sync.Mutex
	pinned map[string]pinnedPolicy
}

type pinnedPolicy struct {
	commit string
	config appconfig.Config
}

// NewPinnedPolicies pins nothing yet.
func NewPinnedPolicies() *PinnedPolicies {
	return &PinnedPolicies{pinned: map[string]pinnedPolicy{}}
}

// policy is the commit and policy pinned for base (owner/repo@branch), else read's, pinned.
// A nil p reads every time.
func (p *PinnedPolicies) policy(base string, read func() (string, appconfig.Config, error)) (string, appconfig.Config, error) {
	if p == nil {
		return read()
	}
	p.mu.Lock()
	got, ok := p.pinned[base]
	p.mu.Unlock()
	if ok {
		return got.commit, got.config, nil
	}
	commit, config, err := read()
	if err != nil {
		return commit, config, err
	}
	p.mu.Lock()
	p.pinned[base] = pinnedPolicy{commit: commit, config: config}
	p.mu.Unlock()
	return commit, config, nil
}
