package evaluation

import (
	"context"
	"errors"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

// RetryPolicy bounds how an evaluation is retried after a transient GitHub failure. Every
// attempt reads fresh state and writes idempotently (find, then update or create), so a retry
// after a write that GitHub did apply never duplicates anything.
type RetryPolicy struct {
	// Attempts is the total number of tries, at least 1.
	Attempts int
	// Backoff is the wait before the second try; it doubles each time.
	Backoff time.Duration
	// MaxWait caps the backoff between tries.
	MaxWait time.Duration
	// MaxRetryAfter caps how long a server's Retry-After (a rate limit) is honoured; asking
	// again sooner is pointless, so a longer demand fails the evaluation instead.
	MaxRetryAfter time.Duration
}

// DefaultRetry suits the live service: about half a minute of backoff in all, and patience
// for a minute-long secondary rate limit (githubio.RetryAfter says how long GitHub asks for).
var DefaultRetry = RetryPolicy{Attempts: 5, Backoff: time.Second, MaxWait: 20 * time.Second, MaxRetryAfter: time.Minute}

// run calls fn until it succeeds, fails permanently, or the attempts are used up.
func (p RetryPolicy) run(ctx context.Context, fn func() error) error {
	wait := p.Backoff
	var err error
	for attempt := 1; ; attempt++ {
		if err = fn(); err == nil {
			return nil
		}
		retryAfter, retry := githubio.RetryAfter(err)
		if !retry || attempt >= p.Attempts || retryAfter > p.MaxRetryAfter {
			return err
		}
		delay := max(min(wait, p.MaxWait), retryAfter)
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(delay):
		}
		wait *= 2
	}
}

// Transient reports whether err is a GitHub failure that trying again later can cure: a 5xx,
// a rate limit, a timeout or a broken connection.
func Transient(err error) bool {
	_, retry := githubio.RetryAfter(err)
	return retry
}
