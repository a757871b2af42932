package githubio

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/google/go-github/v62/github"
)

// OpenHeads finds the open pull requests whose head is a given commit, from the repository's
// list of open pull requests: GitHub's own lookup by commit answers [] for a commit pushed to a
// fork (and a check webhook's pull_requests is empty there), so a fork's pull request would
// never be evaluated again after its CI finished.
//
// That list is every open pull request in full, a few megabytes for a busy repository, and an
// evaluation needs it fresh. Callers that ask while a listing is under way wait for it to end
// and then share the next one, which begins after each of them asked: as fresh for every one of
// them as a listing of its own, but one read instead of one each. Its zero value is ready to
// use; safe for concurrent use.
type OpenHeads struct {
	mu    sync.Mutex
	repos map[string]*headListing
}

// headListing is one repository's latest listing, kept only while someone uses or waits for it.
type headListing struct {
	turn    chan struct{} // a token: held by the caller that reads or lists now
	users   int
	started time.Time // when the kept listing began; zero before the first
	heads   []openHead
}

type openHead struct {
	Number int `json:"number"`
	Head   struct {
		SHA string `json:"sha"`
	} `json:"head"`
}

// With returns the numbers of the open pull requests whose head is sha, from a listing that
// began after this call did.
func (o *OpenHeads) With(ctx context.Context, client *github.Client, owner, repo, sha string) ([]int, error) {
	asked := time.Now()
	key := owner + "/" + repo
	l := o.join(key)
	defer o.leave(key, l)
	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-l.turn }()
	if l.started.IsZero() || l.started.Before(asked) {
		started := time.Now()
		heads, err := listOpenHeads(ctx, client, owner, repo)
		if err != nil {
			return nil, err
		}
		l.started, l.heads = started, heads
	}
	var numbers []int
	for _, h := range l.heads {
		if h.Head.SHA == sha {
			numbers = append(numbers, h.Number)
		}
	}
	return numbers, nil
}

func (o *OpenHeads) join(key string) *headListing {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.repos == nil {
		o.repos = map[string]*headListing{}
	}
	l := o.repos[key]
	if l == nil {
		l = &headListing{turn: make(chan struct{}, 1)}
		o.repos[key] = l
	}
	l.users++
	return l
}

func (o *OpenHeads) leave(key string, l *headListing) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if l.users--; l.users == 0 {
		delete(o.repos, key)
	}
}

// listOpenHeads reads every page of a repository's open pull requests, decoding only their
// numbers and head commits. The requests are those of openPulls, so both share the cached
// answers and their ETags.
func listOpenHeads(ctx context.Context, client *github.Client, owner, repo string) ([]openHead, error) {
	var all []openHead
	err := paginate(func(opts *github.ListOptions) (*github.Response, error) {
		query := url.Values{"state": {"open"}, "per_page": {strconv.Itoa(opts.PerPage)}}
		if opts.Page > 0 {
			query.Set("page", strconv.Itoa(opts.Page))
		}
		req, err := client.NewRequest("GET", fmt.Sprintf("repos/%s/%s/pulls?%s", owner, repo, query.Encode()), nil)
		if err != nil {
			return nil, err
		}
		var page []openHead
		resp, err := client.Do(ctx, req, &page)
		all = append(all, page...)
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("list open pull requests of %s/%s: %w", owner, repo, err)
	}
	return all, nil
}
