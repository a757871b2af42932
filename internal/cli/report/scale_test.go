package report

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
)

// rateWindow is the fake's rate-limit window for BenchmarkThousandFreshPullRequests: GitHub's
// budget (5000 calls) over a shorter window than GitHub's hour, so the run is short yet the
// budget runs out before the window ends, as it would on GitHub.
const rateWindow = 30 * time.Second

// A first record of 1000 pull requests the app never evaluated, against GitHub's budget of
// 5000 calls a window: what it costs, and how often it waits. docs/audit.md quotes it:
//
//	go test -run '^$' -bench ThousandFresh -benchtime 1x ./internal/cli/report
func BenchmarkThousandFreshPullRequests(b *testing.B) {
	for b.Loop() {
		fake := githubfake.New(githubfake.WithRateLimit(5000, rateWindow))
		env := freshRange(b, fake, 1000)
		start := time.Now()
		code, _, stderr := report(env)
		elapsed := time.Since(start)
		calls := fake.Calls()
		fake.Close()
		if code != ExitOK {
			b.Fatalf("exit %d: %s", code, stderr)
		}
		refused, notModified := 0, 0
		for _, c := range calls {
			switch c.Status {
			case http.StatusForbidden:
				refused++
			case http.StatusNotModified:
				notModified++
			}
		}
		waits := strings.Count(stderr, ": waiting until ")
		b.ReportMetric(float64(len(calls)), "calls/op")
		charged := len(calls) - refused - notModified // GitHub charges neither a 304 nor a refusal
		b.ReportMetric(float64(charged), "charged/op")
		b.ReportMetric(float64(refused), "refused/op")
		b.ReportMetric(float64(notModified), "notmodified/op")
		b.ReportMetric(float64(waits), "waits/op")
		b.Logf("1000 fresh pull requests, %s window: %d calls (%d charged, %d refused, %d answered 304), %d waits, %s:\n%s",
			rateWindow, len(calls), charged, refused, notModified, waits, elapsed.Round(time.Second), stderr)
	}
}
