package githubio

import (
	"context"
	"encoding/json"
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
// That list is every open pull request in full, about 20 KB each, and an evaluation needs it
// fresh. Two things keep it cheap. Callers that ask while a listing is under way wait for it
// to end and then share the next one, which begins after each of them asked: as fresh for
// every one of them as a listing of its own, but one read instead of one each. And each page
// is still read every time, conditionally (a 304 is free), but decoded only when its ETag
// changed: a pull request that changes alters one page of the list. Its zero value is ready to
// use; safe for concurrent use.
type OpenHeads struct {
	mu    sync.Mutex
	repos map[string]*headListing
	pages map[string]headPage // by request URL
}

// headPage is one page of a list as decoded, and the ETag of the answer it was decoded from.
type headPage struct {
	etag  string
	heads []openHead
}

// maxHeadPages bounds the decoded pages kept: a page of 100 numbers and commits is about 6 KB.
const maxHeadPages = 2000

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
		heads, err := o.list(ctx, client, owner, repo)
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

// list reads every page of a repository's open pull requests, decoding only their numbers and
// head commits. The requests are those of openPulls, so both share the cached answers and their
// ETags.
func (o *OpenHeads) list(ctx context.Context, client *github.Client, owner, repo string) ([]openHead, error) {
	var all []openHead
	err := paginate(func(opts *github.ListOptions) (*github.Response, error) {
		query := url.Values{"state": {"open"}, "per_page": {strconv.Itoa(opts.PerPage)}}
		if opts.Page > 0 {
			query.Set("page", strconv.Itoa(opts.Page))
		}
		page, resp, err := o.page(ctx, client, fmt.Sprintf("repos/%s/%s/pulls?%s", owner, repo, query.Encode()))
		all = append(all, page...)
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("list open pull requests of %s/%s: %w", owner, repo, err)
	}
	return all, nil
}

// page reads one page, and decodes it unless the answer is the one decoded last time.
func (o *OpenHeads) page(ctx context.Context, client *github.Client, u string) ([]openHead, *github.Response, error) {
	req, err := client.NewRequest("GET", u, nil)
	if err != nil {
		return nil, nil, err
	}
	resp, err := client.BareDo(ctx, req)
	if err != nil {
		return nil, resp, err
	}
	defer resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if kept, ok := o.decoded(u, etag); ok {
		return kept, resp, nil
	}
	var heads []openHead
	if err := json.NewDecoder(resp.Body).Decode(&heads); err != nil {
		return nil, resp, fmt.Errorf("decode %s: %w", u, err)
	}
	o.keep(u, headPage{etag: etag, heads: heads})
	return heads, resp, nil
}

func (o *OpenHeads) decoded(u, etag string) ([]openHead, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	p, ok := o.pages[u]
	return p.heads, ok && etag != "" && p.etag == etag
}

func (o *OpenHeads) keep(u string, p headPage) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.pages == nil {
		o.pages = map[string]headPage{}
	}
	if _, ok := o.pages[u]; !ok && len(o.pages) >= maxHeadPages {
		for old := range o.pages { // any one: pages are cheap to decode again
			delete(o.pages, old)
			break
		}
	}
	o.pages[u] = p
}
