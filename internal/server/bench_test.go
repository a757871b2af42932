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
	// GitHub's hourly budget would stop a long run; the calls are counted, not rationed.
	h, err := harness.Start(harness.Options{GitHubOptions: []githubfake.Option{githubfake.WithRateLimit(1<<30, time.Hour)}})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	s, err := loadSnapshot("class-c-fail")
	if err != nil {
		b.Fatal(err)
	}
	h.GitHub.AddSnapshot(s)
	event := h.GitHub.PullRequestEvent("synchronize", owner, repo, s.Pull.GetNumber(), harness.InstallationID)
	ctx := context.Background()
	h.GitHub.ResetCalls()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := h.Send(ctx, "pull_request", fmt.Sprintf("bench-%d", i), event); err != nil {
			b.Fatal(err)
		}
		if err := h.WaitIdle(10 * time.Second); err != nil {
			b.Fatal(err)
		}
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
