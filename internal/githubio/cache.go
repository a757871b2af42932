package githubio

import (
	"bytes"
	"container/list"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gregjones/httpcache"
	"github.com/palantir/go-githubapp/githubapp"
)

// DefaultCacheBytes bounds the response cache: GitHub's answers for a few hundred busy pull
// requests, well inside a 256 MiB pod.
const DefaultCacheBytes = 64 << 20

// ResponseCache keeps GitHub's answers so that every read can be a conditional request: the
// client sends the stored ETag, GitHub answers 304 (free of charge) when nothing changed, and
// the stored body is used. It is an httpcache.Cache, one per process, shared by every
// installation's client; the least recently used answers go first once the stored bytes
// would exceed the cap. Safe for concurrent use.
type ResponseCache struct {
	mu       sync.Mutex
	maxBytes int
	size     int
	order    *list.List // front: most recently used
	entries  map[string]*list.Element
}

type cacheEntry struct {
	key   string
	value []byte
}

var _ httpcache.Cache = (*ResponseCache)(nil)

// NewResponseCache holds at most maxBytes of stored answers.
func NewResponseCache(maxBytes int) *ResponseCache {
	return &ResponseCache{maxBytes: maxBytes, order: list.New(), entries: map[string]*list.Element{}}
}

// Get returns a stored answer and marks it recently used.
func (c *ResponseCache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).value, true
}

// Set stores an answer, evicting the least recently used ones to stay within the cap. An
// answer larger than the whole cap is not stored.
func (c *ResponseCache) Set(key string, value []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remove(key)
	if len(value) > c.maxBytes {
		return
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, value: value})
	c.size += len(value)
	for c.size > c.maxBytes {
		c.remove(c.order.Back().Value.(*cacheEntry).key)
	}
}

// Delete forgets an answer.
func (c *ResponseCache) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remove(key)
}

// Size is the number of bytes stored.
func (c *ResponseCache) Size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

func (c *ResponseCache) remove(key string) {
	if e, ok := c.entries[key]; ok {
		c.size -= len(e.Value.(*cacheEntry).value)
		c.order.Remove(e)
		delete(c.entries, key)
	}
}

// AlwaysRevalidate is the transport under the cache (go-githubapp's WithTransport). It makes
// every stored answer stale at once (Cache-Control: no-cache), so the cache never answers on
// its own: each read goes to GitHub, conditionally, and a verdict is always computed from
// current state. It also takes Authorization out of Vary: an installation token changes
// every hour, and a cache that varied on it would start cold every hour. That is safe
// because GitHub checks each conditional request with the token it carries; a 304 says the
// stored answer is what this caller would get.
func AlwaysRevalidate(next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		// Also drops stale-if-error and the like: a stored answer is never served for a failure.
		resp.Header.Set("Cache-Control", "no-cache")
		var vary []string
		for _, v := range resp.Header.Values("Vary") {
			for _, h := range strings.Split(v, ",") {
				if h = strings.TrimSpace(h); h != "" && !strings.EqualFold(h, "Authorization") {
					vary = append(vary, h)
				}
			}
		}
		resp.Header.Del("Vary")
		if len(vary) > 0 {
			resp.Header.Set("Vary", strings.Join(vary, ", "))
		}
		return resp, nil
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// CachingOptions are the go-githubapp client options that make every read of every client
// a conditional request against one shared cache, revalidated every time. middleware is the
// caller's own (outermost first); the cache needs one of its own under it, so go-githubapp's
// WithClientMiddleware must not be given separately.
func CachingOptions(cache *ResponseCache, middleware ...githubapp.ClientMiddleware) []githubapp.ClientOption {
	return []githubapp.ClientOption{
		githubapp.WithClientMiddleware(append(middleware, secondaryLimitWait, readWhole)...),
		githubapp.WithClientCaching(true, func() httpcache.Cache { return cache }),
		githubapp.WithTransport(AlwaysRevalidate(http.DefaultTransport)),
	}
}

// secondaryLimitWait gives a secondary rate limit that names no wait a Retry-After of
// SecondaryLimitWait, as GitHub asks. Without it go-github takes X-RateLimit-Reset (the end of
// the primary window, up to an hour away) as the wait, and the installation's client then
// refuses every call on its own until then.
func secondaryLimitWait(next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		if err != nil || (resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests) ||
			resp.Header.Get("Retry-After") != "" || resp.Header.Get("X-RateLimit-Remaining") == "0" {
			return resp, err
		}
		body, err := buffer(r, resp)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode == http.StatusTooManyRequests || bytes.Contains(bytes.ToLower(body), []byte("secondary rate limit")) {
			resp.Header.Set("Retry-After", strconv.Itoa(int(SecondaryLimitWait/time.Second)))
		}
		return resp, nil
	})
}

// readWhole reads every answer to its end before go-github decodes it. httpcache stores an
// answer only once its body hits EOF, and go-github's JSON decoder stops at the closing
// brace: without this, a chunked answer would often never be stored.
func readWhole(next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		if err != nil || resp.Body == nil {
			return resp, err
		}
		if _, err := buffer(r, resp); err != nil {
			return nil, err
		}
		return resp, nil
	})
}

// buffer reads an answer's body whole and puts it back, so it can be read again.
func buffer(r *http.Request, resp *http.Response) ([]byte, error) {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read the answer to %s %s: %w", r.Method, r.URL.Path, err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}
