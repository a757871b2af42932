package githubio

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Waiter waits out GitHub's rate limits for a command that may take as long as it needs (the
// release record), instead of failing the call: a call GitHub refuses for a rate limit is sent
// again once the limit is over (the primary window's reset, or a secondary limit's
// Retry-After), and no call leaves while a limit is known to hold. The command carries on in
// the same process, with its response cache and the work done so far.
//
// It never lets go-github see a spent budget: an answer that spends the last call is handed
// on only after the reset, because go-github refuses every later call on its own until the
// reset it last saw. Past Max it waits no more and passes the refusal (or the spent answer) on,
// and the caller stops as it would without a Waiter.
//
// Its Wrap is client middleware (CachingOptions), above the response cache: go-githubapp puts
// a token client's own transport under the cache, out of reach. A refused conditional request
// loses its stored answer, so its retry is charged: a call or two for each wait.
//
// Not for the server: a request handler must never sleep. Safe for concurrent use.
type Waiter struct {
	// Max bounds the total time spent waiting (overlapping waits count once).
	Max time.Duration
	// Notify hears each wait as it begins: one per limit, however many calls wait for it.
	Notify func(Wait)

	mu      sync.Mutex
	until   time.Time // no call leaves before this
	waited  time.Duration
	refused *Wait
}

// Wait is one pause for a rate limit.
type Wait struct {
	Until time.Time
	// Secondary says GitHub asked to slow down (Retry-After), rather than the budget of calls
	// per window being spent.
	Secondary bool
	// Waited is the total of all waits so far, this one included.
	Waited time.Duration
}

// Refused is the wait that would have passed Max, when there was one: the caller stopped
// because of it.
func (w *Waiter) Refused() (Wait, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.refused == nil {
		return Wait{}, false
	}
	return *w.refused, true
}

// Waited is the total time spent waiting so far.
func (w *Waiter) Waited() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.waited
}

// Wrap sends through next, waiting out rate limits; it fits githubapp.WithClientMiddleware.
func (w *Waiter) Wrap(next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		for {
			if err := w.hold(r.Context()); err != nil {
				return nil, err
			}
			resp, err := next.RoundTrip(r)
			if err != nil {
				return nil, err
			}
			wait, limited, err := refused(r, resp)
			if err != nil {
				return nil, err
			}
			if !limited {
				return w.handOn(r, resp)
			}
			secondary := resp.Header.Get("X-RateLimit-Remaining") != "0"
			if !w.pause(time.Now().Add(wait), secondary) || !resendable(r) {
				return resp, nil
			}
			resp.Body.Close()
			if r.GetBody != nil {
				if r.Body, err = r.GetBody(); err != nil {
					return nil, err
				}
			}
		}
	})
}

// handOn passes an answer on, after the reset when it spent the budget's last call.
func (w *Waiter) handOn(r *http.Request, resp *http.Response) (*http.Response, error) {
	reset, spent := spentUntil(resp.Header)
	if !spent || !w.pause(reset.Add(time.Second), false) {
		return resp, nil
	}
	if err := w.hold(r.Context()); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}

// resendable says r can be sent again: no body, or one that can be read again.
func resendable(r *http.Request) bool {
	return r.Body == nil || r.Body == http.NoBody || r.GetBody != nil
}

// pause makes calls wait until then, unless that would take the total wait past Max (then it
// records the refusal and returns false). Waits that overlap one already under way add only
// what they extend it by, and are not announced again.
func (w *Waiter) pause(until time.Time, secondary bool) bool {
	w.mu.Lock()
	now := time.Now()
	from := now
	if w.until.After(from) {
		from = w.until
	}
	extra := until.Sub(from)
	if extra <= 0 {
		w.mu.Unlock()
		return true
	}
	wait := Wait{Until: until, Secondary: secondary, Waited: w.waited + extra}
	if wait.Waited > w.Max {
		w.refused = &wait
		w.mu.Unlock()
		return false
	}
	announce := !w.until.After(now)
	w.until, w.waited = until, wait.Waited
	w.mu.Unlock()
	if announce && w.Notify != nil {
		w.Notify(wait)
	}
	return true
}

// hold waits until no limit is known to hold, or ctx ends.
func (w *Waiter) hold(ctx context.Context) error {
	for {
		w.mu.Lock()
		d := time.Until(w.until)
		w.mu.Unlock()
		if d <= 0 {
			return nil
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}
