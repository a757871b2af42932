package evaluation

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/google/go-github/v62/github"
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
// for a minute-long secondary rate limit.
var DefaultRetry = RetryPolicy{Attempts: 5, Backoff: time.Second, MaxWait: 20 * time.Second, MaxRetryAfter: time.Minute}

// run calls fn until it succeeds, fails permanently, or the attempts are used up.
func (p RetryPolicy) run(ctx context.Context, fn func() error) error {
	wait := p.Backoff
	var err error
	for attempt := 1; ; attempt++ {
		if err = fn(); err == nil {
			return nil
		}
		retryAfter, retry := retryable(err)
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
	_, retry := retryable(err)
	return retry
}

// retryable reports whether err is transient and how long GitHub asked us to wait.
func retryable(err error) (time.Duration, bool) {
	var abuse *github.AbuseRateLimitError
	if errors.As(err, &abuse) {
		return abuse.GetRetryAfter(), true
	}
	var limit *github.RateLimitError
	if errors.As(err, &limit) {
		return time.Until(limit.Rate.Reset.Time), true
	}
	var resp *github.ErrorResponse
	if errors.As(err, &resp) && resp.Response != nil {
		code := resp.Response.StatusCode
		return 0, code >= http.StatusInternalServerError || code == http.StatusTooManyRequests
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return 0, true
	}
	return 0, errors.Is(err, context.DeadlineExceeded)
}
