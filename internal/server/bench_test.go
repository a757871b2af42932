package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// BenchmarkWebhookToCheckRun measures one evaluation end to end through the real server and
// the fake GitHub: webhook in, snapshot read, check run and comment written. It reports the
// GitHub calls each evaluation makes (the budget the next milestone cuts to 2).
func BenchmarkWebhookToCheckRun(b *testing.B) {
	h := startForBenchmark(b)
	s, err := loadSnapshot("class-c-fail")
	if err != nil {
		b.Fatal(err)
	}
	h.GitHub.AddSnapshot(s)
	event := h.GitHub.PullRequestEvent("synchronize", owner, repo, s.Pull.GetNumber(), harness.InstallationID)
	h.GitHub.ResetCalls()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sendAndWait(b, h, fmt.Sprintf("bench-%d", i), event)
	}
	b.StopTimer()
	calls := 0
	for _, c := range h.GitHub.Calls() {
		if c.Auth == "token" {
			calls++
		}
	}
	b.ReportMetric(float64(calls)/float64(b.N), "github-calls/op")
}

// startForBenchmark starts the server against a fake GitHub whose hourly budget a long run
// cannot spend: the benchmarks count calls, they do not ration them.
func startForBenchmark(b *testing.B) *harness.Harness {
	b.Helper()
	h, err := harness.Start(harness.Options{GitHubOptions: []githubfake.Option{githubfake.WithRateLimit(1<<30, time.Hour)}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = h.Close() })
	return h
}

// sendAndWait delivers one pull_request webhook and waits until the server has handled it.
func sendAndWait(b *testing.B, h *harness.Harness, deliveryID string, payload any) {
	b.Helper()
	if _, err := h.Send(context.Background(), "pull_request", deliveryID, payload); err != nil {
		b.Fatal(err)
	}
	if err := h.WaitIdle(harness.IdleTimeout); err != nil {
		b.Fatal(err)
	}
}
