package githubio

import (
	"sync"

	"github.com/palantir/go-githubapp/appconfig"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// PinnedPolicies keeps, for one run that evaluates many pull requests (the release record),
// the commit each base branch pointed at when first read, the policy read there and the
// requirement catalogue it names: the others are judged by the same policy and catalogue
// without reading the branch, the file and the catalogue again (two calls and more each), and
// a push to the base branch during the run cannot mix two policies in one record. A failed
// read is not kept: the next pull request tries again. Not for the server, where each
// evaluation must see the base branch as it is. Safe for concurrent use.
type PinnedPolicies struct {
	policies   pins[pinnedPolicy]
	catalogues pins[*snapshot.Catalogue]
}

type pinnedPolicy struct {
	commit string
	config appconfig.Config
}

// NewPinnedPolicies pins nothing yet.
func NewPinnedPolicies() *PinnedPolicies {
	return &PinnedPolicies{policies: pins[pinnedPolicy]{m: map[string]pinnedPolicy{}}, catalogues: pins[*snapshot.Catalogue]{m: map[string]*snapshot.Catalogue{}}}
}

// policy is the commit and policy pinned for base (owner/repo@branch), else read's, pinned.
// A nil p reads every time.
func (p *PinnedPolicies) policy(base string, read func() (string, appconfig.Config, error)) (string, appconfig.Config, error) {
	if p == nil {
		return read()
	}
	got, err := p.policies.get(base, func() (pinnedPolicy, error) {
		commit, config, err := read()
		return pinnedPolicy{commit: commit, config: config}, err
	})
	return got.commit, got.config, err
}

// catalogue is the catalogue pinned for the policy at commit (owner/repo@sha), else read's,
// pinned. A nil p reads every time.
func (p *PinnedPolicies) catalogue(commit string, read func() (*snapshot.Catalogue, error)) (*snapshot.Catalogue, error) {
	if p == nil {
		return read()
	}
	return p.catalogues.get(commit, read)
}

// pins keeps what read gave for each key, unless it failed.
type pins[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

func (p *pins[T]) get(key string, read func() (T, error)) (T, error) {
	p.mu.Lock()
	got, ok := p.m[key]
	p.mu.Unlock()
	if ok {
		return got, nil
	}
	got, err := read()
	if err != nil {
		return got, err
	}
	p.mu.Lock()
	p.m[key] = got
	p.mu.Unlock()
	return got, nil
}
