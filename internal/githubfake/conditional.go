package githubfake

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// GitHub answers every GET with validators and caching headers, and answers a conditional GET
// whose validator still matches with 304 Not Modified, no body, and no charge against the
// primary rate limit ("Making a conditional request does not count against your primary rate
// limit if a 304 response is returned", docs.github.com, best practices for the REST API).
// The fake does the same, so the app's HTTP cache is exercised as GitHub would exercise it.

// Headers GitHub sends on an authenticated GET.
const (
	cacheControl = "private, max-age=60, s-maxage=60"
	varyHeader   = "Accept, Authorization, Cookie, X-GitHub-OTP"
	varyEncoding = "Accept-Encoding, Accept, X-Requested-With"
)

// serveRead answers a GET (or HEAD): the route's answer with validators, or 304 when the
// request's validators match it. A 304 costs no rate-limit unit.
func (s *Server) serveRead(w http.ResponseWriter, r *http.Request, next http.Handler, who int64) {
	answer := httptest.NewRecorder()
	next.ServeHTTP(answer, r)
	h := answer.Header()
	if answer.Code == http.StatusOK {
		if h.Get("ETag") == "" {
			h.Set("ETag", weakETag(answer.Body.Bytes()))
		}
		h.Set("Cache-Control", cacheControl)
		h.Set("Vary", varyHeader)
		h.Add("Vary", varyEncoding)
	}
	notModified := answer.Code == http.StatusOK && unchanged(r.Header, h)
	if !s.spendRateLimit(who, w.Header(), !notModified) {
		rateLimitExceeded(w)
		return
	}
	if notModified {
		for _, k := range []string{"ETag", "Last-Modified", "Cache-Control", "Vary"} {
			w.Header()[http.CanonicalHeaderKey(k)] = h.Values(k)
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for k, v := range h {
		w.Header()[k] = v
	}
	w.WriteHeader(answer.Code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(answer.Body.Bytes())
	}
}

// weakETag is a validator for a JSON answer: GitHub's are weak (W/"…"), as the same resource
// may be serialised differently.
func weakETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `W/"` + hex.EncodeToString(sum[:]) + `"`
}

// unchanged applies RFC 9110's precedence: If-None-Match when present (weak comparison, "*"
// matches anything), else If-Modified-Since against Last-Modified.
func unchanged(req, resp http.Header) bool {
	if inm := req.Get("If-None-Match"); inm != "" {
		etag := opaque(resp.Get("ETag"))
		for _, candidate := range strings.Split(inm, ",") {
			if c := strings.TrimSpace(candidate); c == "*" || (etag != "" && opaque(c) == etag) {
				return true
			}
		}
		return false
	}
	since, err := http.ParseTime(req.Get("If-Modified-Since"))
	if err != nil {
		return false
	}
	modified, err := http.ParseTime(resp.Get("Last-Modified"))
	return err == nil && !modified.After(since)
}

// opaque strips the weakness indicator: If-None-Match compares weakly.
func opaque(etag string) string { return strings.TrimPrefix(strings.TrimSpace(etag), "W/") }

// lastModified sets the Last-Modified header GitHub sends on a single issue or pull request.
func lastModified(w http.ResponseWriter, t time.Time) {
	if !t.IsZero() {
		w.Header().Set("Last-Modified", t.UTC().Format(http.TimeFormat))
	}
}
