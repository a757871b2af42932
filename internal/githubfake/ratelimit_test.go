package githubfake

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// X-RateLimit-Reset is a whole epoch second in the future, as GitHub's is, and the budget
// refills exactly then: a client that sleeps until the reset it was told finds a full budget,
// however short the window, and one that calls before it is refused.
func TestRateLimitResetIsAWholeSecondInTheFuture(t *testing.T) {
	s := New(WithRateLimit(1, 50*time.Millisecond))
	defer s.Close()
	s.AddRepo("acme", "pump", "main")
	get := func() (int, time.Time) {
		resp, _ := rawGet(t, s.URL()+"repos/acme/pump", nil)
		reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
		if err != nil {
			t.Fatalf("X-RateLimit-Reset %q: %v", resp.Header.Get("X-RateLimit-Reset"), err)
		}
		return resp.StatusCode, time.Unix(reset, 0)
	}
	for round := range 2 {
		status, reset := get()
		if status != http.StatusOK || !time.Now().Before(reset) || time.Until(reset) > time.Second+50*time.Millisecond {
			t.Fatalf("round %d: first call %d, reset %v (now %v); want 200 and a reset within the next second", round, status, reset, time.Now())
		}
		if again, sameReset := get(); again != http.StatusForbidden || !sameReset.Equal(reset) {
			t.Fatalf("round %d: second call %d, reset %v; want 403 until %v", round, again, sameReset, reset)
		}
		time.Sleep(time.Until(reset))
	}
}
