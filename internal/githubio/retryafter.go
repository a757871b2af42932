package githubio

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
)

// SecondaryLimitWait is how long to wait after a secondary rate limit that names no time:
// GitHub asks for "at least one minute".
const SecondaryLimitWait = time.Minute

// RetryAfter classifies an error from a GitHub call. transient says that trying again later
// may succeed (a rate limit, a 5xx, a timeout, a broken connection); wait is the least time
// GitHub asked for before the next try (0: the caller's own backoff decides). It follows
// GitHub's documented rules ("Rate limits for the REST API"):
//   - a primary limit (403 or 429 with X-RateLimit-Remaining: 0) lasts until X-RateLimit-Reset;
//   - a secondary limit (429, or 403 saying so) lasts Retry-After seconds when given, else at
//     least a minute;
//   - any other 403 is a permission, not a limit: trying again does not help.
func RetryAfter(err error) (wait time.Duration, transient bool) {
	if err == nil {
		return 0, false
	}
	var primary *github.RateLimitError
	if errors.As(err, &primary) {
		return untilReset(primary.Rate.Reset.Time), true
	}
	var secondary *github.AbuseRateLimitError
	if errors.As(err, &secondary) {
		if answered(secondary.Response) {
			// go-github takes X-RateLimit-Reset (the primary window's end) for a missing
			// Retry-After; GitHub's rule is a minute unless the primary budget is spent too.
			if wait, ok := fromStatus(secondary.Response, "secondary rate limit"); ok {
				return wait, true
			}
		}
		if secondary.RetryAfter != nil { // go-github refusing on its own, from what it saw last
			return max(*secondary.RetryAfter, 0), true
		}
		return SecondaryLimitWait, true
	}
	var resp *github.ErrorResponse
	if errors.As(err, &resp) && resp.Response != nil {
		return fromStatus(resp.Response, resp.Message)
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) {
		return 0, true
	}
	return 0, false
}

// answered reports whether r is GitHub's answer, not one go-github made up to refuse a call
// on its own (which has no rate-limit headers).
func answered(r *http.Response) bool {
	return r != nil && r.Header.Get("X-RateLimit-Remaining") != ""
}

// fromStatus classifies an error answer that go-github did not recognise as a rate limit:
// every 429, and 403s without go-github's markers.
func fromStatus(r *http.Response, message string) (time.Duration, bool) {
	code := r.StatusCode
	if code >= http.StatusInternalServerError {
		return 0, true
	}
	if code != http.StatusTooManyRequests && code != http.StatusForbidden {
		return 0, false
	}
	if wait, ok := retryAfterHeader(r.Header.Get("Retry-After")); ok {
		return wait, true
	}
	if r.Header.Get("X-RateLimit-Remaining") == "0" {
		reset, ok := spentUntil(r.Header)
		if !ok {
			return SecondaryLimitWait, true
		}
		return untilReset(reset), true
	}
	if code == http.StatusTooManyRequests || strings.Contains(strings.ToLower(message), "rate limit") {
		return SecondaryLimitWait, true
	}
	return 0, false
}

// retryAfterHeader reads Retry-After: delay-seconds, or an HTTP date.
func retryAfterHeader(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		return max(time.Duration(secs)*time.Second, 0), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(time.Until(at), 0), true
	}
	return 0, false
}

// untilReset is the wait until a primary limit's window resets, plus a second for clock skew:
// GitHub gives the reset in whole seconds.
func untilReset(reset time.Time) time.Duration {
	return max(time.Until(reset), 0) + time.Second
}

// spentUntil is when the primary window of an answer that spent the last call of the budget
// resets; false when the answer leaves budget (or says nothing about it).
func spentUntil(h http.Header) (time.Time, bool) {
	if h.Get("X-RateLimit-Remaining") != "0" {
		return time.Time{}, false
	}
	reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(reset, 0), true
}

// refused classifies GitHub's answer to r: limited says a rate limit (primary or secondary)
// refused the call, and wait is the least time before it may succeed. The body of a 403 or
// 429 is read to tell a secondary limit from a permission, and left readable.
func refused(r *http.Request, resp *http.Response) (wait time.Duration, limited bool, err error) {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return 0, false, nil
	}
	body, err := buffer(r, resp)
	if err != nil {
		return 0, false, err
	}
	wait, limited = fromStatus(resp, string(body))
	return wait, limited, nil
}
