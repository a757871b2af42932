package server_test

import (
	"fmt"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// BenchmarkRateLimitUnits counts what evaluations cost an installation's GitHub rate limit,
// through the real server and the fake GitHub (which charges nothing for a 304, as GitHub
// does). Each iteration opens a new class C pull request (its own head commit, sharing the
// repository's policy and team with the others) and then re-evaluates it with nothing
// changed, twice. It reports:
//   - cold-units: the first evaluation in a fresh process (nothing cached);
//   - fresh-units: a new pull request's first evaluation in a running process;
//   - after-write-units: the re-evaluation right after the first, which re-reads the two
//     lists the bot itself just wrote to (check runs, comments);
//   - unchanged-units: a re-evaluation where nothing changed since the last one (goal 0);
//   - calls/eval: the requests an evaluation sends, 304s included.
func BenchmarkRateLimitUnits(b *testing.B) {
	h := startForBenchmark(b)
	base, err := loadSnapshot("class-c-pass")
	if err != nil {
		b.Fatal(err)
	}
	var cold, fresh, afterWrite, unchanged, calls int
	evaluate := func(n int, action string) []githubfake.Call {
		h.GitHub.ResetCalls()
		sendAndWait(b, h, fmt.Sprintf("%s-%d", action, n), h.GitHub.PullRequestEvent(action, owner, repo, n, harness.InstallationID))
		return h.GitHub.Calls()
	}
	b.ResetTimer()
	for i := range b.N {
		n := 1000 + i
		h.GitHub.AddSnapshot(githubfake.Numbered(base, n))
		first := evaluate(n, "opened")
		if i == 0 {
			cold = githubfake.RateLimitUnits(first)
		} else {
			fresh += githubfake.RateLimitUnits(first)
		}
		again := evaluate(n, "synchronize")
		afterWrite += githubfake.RateLimitUnits(again)
		steady := evaluate(n, "edited")
		unchanged += githubfake.RateLimitUnits(steady)
		calls += len(first) + len(again) + len(steady)
	}
	b.StopTimer()
	b.ReportMetric(float64(cold), "cold-units")
	if b.N > 1 {
		b.ReportMetric(float64(fresh)/float64(b.N-1), "fresh-units")
	}
	b.ReportMetric(float64(afterWrite)/float64(b.N), "after-write-units")
	b.ReportMetric(float64(unchanged)/float64(b.N), "unchanged-units")
	b.ReportMetric(float64(calls)/float64(3*b.N), "calls/eval")
}
