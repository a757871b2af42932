package githubfake

import (
	"net/http"
	"strconv"
	"time"
)

// rateLimit is GitHub's primary rate limit on the core resource: a budget of calls per window,
// refilled when the window ends. GitHub gives an installation at least 5000 calls an hour.
type rateLimit struct {
	limit  int
	window time.Duration
	used   int
	reset  time.Time
}

// WithRateLimit sets the budget of calls per window (default 5000 an hour). Benchmarks that
// make more calls than GitHub would allow raise it; tests of exhaustion lower it.
func WithRateLimit(limit int, window time.Duration) Option {
	return func(s *Server) { s.rate = rateLimit{limit: limit, window: window} }
}

// take spends one call and reports whether the budget allowed it; used counts this call.
func (l *rateLimit) take(now time.Time) (used int, ok bool) {
	if !now.Before(l.reset) {
		l.used, l.reset = 0, now.Add(l.window)
	}
	if l.used >= l.limit {
		return l.used, false
	}
	l.used++
	return l.used, true
}

// spendRateLimit sets GitHub's rate-limit headers and reports whether the call may proceed.
func (s *Server) spendRateLimit(h http.Header) bool {
	s.mu.Lock()
	used, ok := s.rate.take(time.Now())
	limit, reset := s.rate.limit, s.rate.reset
	s.mu.Unlock()
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(limit-used))
	h.Set("X-RateLimit-Used", strconv.Itoa(used))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	return ok
}

// rateLimitExceeded answers as GitHub does once the budget is spent.
func rateLimitExceeded(w http.ResponseWriter) {
	writeError(w, http.StatusForbidden, "API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.",
		"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
}
