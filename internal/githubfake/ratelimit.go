package githubfake

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// rateLimit is GitHub's primary rate limit on the core resource: a budget of calls per window,
// refilled when the window ends. GitHub gives each installation its own budget, at least 5000
// calls an hour; the app's own (JWT) calls and unauthenticated ones share another.
type rateLimit struct {
	limit  int
	window time.Duration
	used   int
	reset  time.Time
}

// WithRateLimit sets the budget of calls per window (default 5000 an hour), for each
// installation. Benchmarks that make more calls than GitHub would allow raise it; tests of
// exhaustion lower it.
func WithRateLimit(limit int, window time.Duration) Option {
	return func(s *Server) { s.rateLimit, s.rateWindow = limit, window }
}

// take spends one call when spend is set, and reports whether the budget allows the call.
func (l *rateLimit) take(now time.Time, spend bool) bool {
	if !now.Before(l.reset) {
		l.used, l.reset = 0, windowEnd(now, l.window)
	}
	if l.used >= l.limit {
		return false
	}
	if spend {
		l.used++
	}
	return true
}

// windowEnd is when a window opened at now ends. GitHub's X-RateLimit-Reset is a whole epoch
// second, and the budget refills at that second, not before: the window is rounded up to it,
// so a client that waits until the reset it was told never finds the old window still open.
func windowEnd(now time.Time, window time.Duration) time.Time {
	end := now.Add(window)
	if whole := end.Truncate(time.Second); whole.Before(end) {
		return whole.Add(time.Second)
	}
	return end
}

// spendRateLimit sets GitHub's rate-limit headers for who's budget (an installation ID, 0 for
// the app itself) and reports whether the call may proceed. A call that is not charged (a
// 304) still needs budget left, as GitHub refuses every call once the budget is spent.
func (s *Server) spendRateLimit(who int64, h http.Header, charge bool) bool {
	s.mu.Lock()
	l, ok := s.rate[who]
	if !ok {
		l = &rateLimit{limit: s.rateLimit, window: s.rateWindow}
		s.rate[who] = l
	}
	allowed := l.take(time.Now(), charge)
	limit, used, reset := l.limit, l.used, l.reset
	s.mu.Unlock()
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(limit-used))
	h.Set("X-RateLimit-Used", strconv.Itoa(used))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	return allowed
}

// caller is whose budget a request spends: the installation its token was issued for, or 0.
func (s *Server) caller(r *http.Request) int64 {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "token ")
	if !ok {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenOwner[token]
}

// rateLimitExceeded answers as GitHub does once the budget is spent.
func rateLimitExceeded(w http.ResponseWriter) {
	writeError(w, http.StatusForbidden, "API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.",
		"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
}
