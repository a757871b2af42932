package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// Call is one request the fake received.
type Call struct {
	Method string
	// Path is the request path without the /api/v3 prefix.
	Path  string
	Query string
	// Endpoint is the route that served it ("GET /repos/{owner}/{repo}/pulls/{number}"), or ""
	// when no route matched.
	Endpoint string
	// Status is the HTTP status answered; 0 when there was no answer (a timeout fault, or the
	// client gave up during injected latency).
	Status int
	// Auth is "token" (installation token), "jwt" (app JWT, Bearer), "user" (a user token from
	// the OAuth flow) or "" (none).
	Auth string
	// Installation is the installation whose token made the call; 0 for the app's own calls.
	Installation int64
	// Conditional says the request carried a validator (If-None-Match, If-Modified-Since).
	Conditional bool
	Time        time.Time
}

// Write reports whether the call changed state.
func (c Call) Write() bool { return c.Method != http.MethodGet && c.Method != http.MethodHead }

// RateLimitUnits is what the call cost an installation's primary rate limit: one unit for a
// call made with an installation token, none for a 304 (GitHub charges nothing for a
// conditional request that matched) or for the app's own JWT calls (a budget of their own).
func (c Call) RateLimitUnits() int {
	if c.Auth != "token" || c.Status == http.StatusNotModified {
		return 0
	}
	return 1
}

// RateLimitUnits sums what the recorded calls cost the installations' rate limits.
func RateLimitUnits(calls []Call) int {
	n := 0
	for _, c := range calls {
		n += c.RateLimitUnits()
	}
	return n
}

// Fault makes an endpoint fail.
type Fault struct {
	// Endpoint is a route, e.g. "POST /repos/{owner}/{repo}/check-runs".
	Endpoint string
	// Status is the HTTP status to answer (500, 502, 403, 429...). A 429, or a 403 with
	// RetryAfter or Secondary, answers as GitHub's secondary rate limit.
	Status int
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter time.Duration
	// Secondary answers a 403 as a secondary rate limit even without a Retry-After.
	Secondary bool
	// Reset, when set, answers as GitHub's primary rate limit: X-RateLimit-Remaining 0, the
	// window resetting after Reset.
	Reset time.Duration
	// Timeout hangs until the client gives up instead of answering.
	Timeout bool
	// Times is how many requests fail; 0 means every one.
	Times int

	hits int
}

// InjectFault makes matching requests fail until the fault is used up.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// SetLatency delays every response of an endpoint ("" for all endpoints).
func (s *Server) SetLatency(endpoint string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency[endpoint] = d
}

// HoldAnswers answers an endpoint's requests at once but holds each answer for d before it
// is sent: what the client reads is d old, as after a slow network. Two clients that read
// within d of each other both see the state before either of them acts on it, which is how
// a test makes a find-then-create race certain rather than lucky.
func (s *Server) HoldAnswers(endpoint string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holds[endpoint] = d
}

// Calls returns the recorded calls, oldest first.
func (s *Server) Calls() []Call {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo counts the recorded calls an endpoint ("GET /repos/{owner}/{repo}/pulls") served.
func (s *Server) CallsTo(endpoint string) int {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Endpoint == endpoint {
			n++
		}
	}
	return n
}

// ResetCalls forgets the recorded calls.
func (s *Server) ResetCalls() {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	s.calls = nil
}

// UnexpectedCalls returns the calls no route served: the app asked for something the fake
// (and so, probably, the real GitHub) does not offer.
func (s *Server) UnexpectedCalls() []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.Endpoint == "" {
			out = append(out, c)
		}
	}
	return out
}

// statusRecorder records a call as its answer starts, before the client can read it, so a
// test that asks for the calls right after a response sees that call.
type statusRecorder struct {
	http.ResponseWriter
	record   func(status int)
	recorded bool
}

// recordOnce records the call with status (0: no answer) unless it is recorded already.
func (r *statusRecorder) recordOnce(status int) {
	if !r.recorded {
		r.recorded = true
		r.record(status)
	}
}

func (r *statusRecorder) WriteHeader(code int) {
	r.recordOnce(code)
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.recordOnce(http.StatusOK)
	return r.ResponseWriter.Write(b)
}

// middleware strips the GitHub Enterprise prefix, injects latency and faults, adds
// rate-limit headers, answers conditional reads and records the call.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/api/v3")
		_, pattern := s.mux.Handler(r)
		who := s.caller(r)
		out := w
		if hold := s.hold(pattern); hold > 0 {
			held := httptest.NewRecorder()
			out = held
			defer sendHeld(w, r, held, hold)
		}
		rec := &statusRecorder{ResponseWriter: out, record: func(status int) { s.record(r, pattern, who, status) }}
		defer rec.recordOnce(0) // the client gave up before any answer
		if d := s.delay(pattern); d > 0 {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		rec.Header().Set("X-GitHub-Request-Id", fmt.Sprintf("FAKE:%d", time.Now().UnixNano()))
		if isRead(r) && !s.faulty(pattern) {
			s.serveRead(rec, r, next, who)
			return
		}
		if !s.spendRateLimit(who, rec.Header(), true) {
			rateLimitExceeded(rec)
			return
		}
		if f := s.fault(pattern); f != nil {
			if f.Timeout {
				rec.recordOnce(0) // it will never answer: record it now, not when the client gives up
			}
			serveFault(rec, r, f)
			return
		}
		next.ServeHTTP(rec, r)
	})
}

// sendHeld sends an answer served earlier, after hold.
func sendHeld(w http.ResponseWriter, r *http.Request, held *httptest.ResponseRecorder, hold time.Duration) {
	select {
	case <-time.After(hold):
	case <-r.Context().Done():
		return
	}
	for k, v := range held.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(held.Code)
	w.Write(held.Body.Bytes()) //nolint:errcheck // the client went away
}

func (s *Server) hold(pattern string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.holds[pattern]
}

func isRead(r *http.Request) bool { return r.Method == http.MethodGet || r.Method == http.MethodHead }

func (s *Server) record(r *http.Request, pattern string, who int64, status int) {
	auth := ""
	switch h := r.Header.Get("Authorization"); {
	case strings.Contains(h, userTokenPrefix):
		auth = "user"
	case strings.HasPrefix(h, "Bearer "):
		auth = "jwt"
	case strings.HasPrefix(h, "token "):
		auth = "token"
	}
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	s.calls = append(s.calls, Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Endpoint: pattern, Status: status,
		Auth: auth, Installation: who, Conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "", Time: time.Now()})
}

func (s *Server) delay(pattern string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latency[pattern] + s.latency[""]
}

// faulty reports whether a fault waits for the endpoint, without using it up.
func (s *Server) faulty(pattern string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.Endpoint == pattern && (f.Times == 0 || f.hits < f.Times) {
			return true
		}
	}
	return false
}

func (s *Server) fault(pattern string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.Endpoint == pattern && (f.Times == 0 || f.hits < f.Times) {
			f.hits++
			return f
		}
	}
	return nil
}

func serveFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	if f.Timeout {
		<-r.Context().Done()
		return
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(f.RetryAfter.Round(time.Second)/time.Second)))
	}
	switch {
	case f.Reset > 0:
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(f.Reset).Unix(), 10))
		writeError(w, f.Status, "API rate limit exceeded for installation.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
	case f.Status == http.StatusTooManyRequests || (f.Status == http.StatusForbidden && (f.RetryAfter > 0 || f.Secondary)):
		writeError(w, f.Status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
			"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
	default:
		writeError(w, f.Status, http.StatusText(f.Status), "https://docs.github.com/rest")
	}
}

func writeError(w http.ResponseWriter, status int, message, docs string) {
	writeJSON(w, status, map[string]string{"message": message, "documentation_url": docs})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func clone[T any](v *T) *T {
	if v == nil {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("githubfake: clone %T: %v", v, err))
	}
	out := new(T)
	if err := json.Unmarshal(data, out); err != nil {
		panic(fmt.Sprintf("githubfake: clone %T: %v", v, err))
	}
	return out
}

func cloneAll[T any](vs []*T) []*T {
	out := make([]*T, len(vs))
	for i, v := range vs {
		out[i] = clone(v)
	}
	return out
}
