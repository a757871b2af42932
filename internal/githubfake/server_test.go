package githubfake

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"
)

func client(t *testing.T, s *Server, timeout time.Duration) *github.Client {
	t.Helper()
	c := github.NewClient(&http.Client{Timeout: timeout})
	c.BaseURL, _ = url.Parse(s.URL())
	return c
}

func TestFaultsLatencyAndRecording(t *testing.T) {
	s := New()
	defer s.Close()
	if err := s.LoadSnapshot("../../testdata/snapshots/class-a-pass"); err != nil {
		t.Fatal(err)
	}
	const o, r = "acme-medical", "infusion-pump"
	ctx := context.Background()
	const pullEndpoint = "GET /repos/{owner}/{repo}/pulls/{number}"

	s.InjectFault(Fault{Endpoint: pullEndpoint, Status: http.StatusBadGateway, Times: 1})
	var errResp *github.ErrorResponse
	if _, _, err := client(t, s, time.Second).PullRequests.Get(ctx, o, r, 11); !errors.As(err, &errResp) || errResp.Response.StatusCode != 502 {
		t.Errorf("first call: %v, want a 502", err)
	}
	if _, _, err := client(t, s, time.Second).PullRequests.Get(ctx, o, r, 11); err != nil {
		t.Errorf("second call: %v, want the fault used up", err)
	}

	s.InjectFault(Fault{Endpoint: pullEndpoint, Status: http.StatusForbidden, RetryAfter: 2 * time.Second, Times: 1})
	var abuse *github.AbuseRateLimitError
	if _, _, err := client(t, s, time.Second).PullRequests.Get(ctx, o, r, 11); !errors.As(err, &abuse) || abuse.GetRetryAfter() != 2*time.Second {
		t.Errorf("secondary rate limit: %v", err)
	}

	s.InjectFault(Fault{Endpoint: pullEndpoint, Timeout: true, Times: 1})
	start := time.Now()
	if _, _, err := client(t, s, 100*time.Millisecond).PullRequests.Get(ctx, o, r, 11); err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("timeout fault: %v after %s", err, time.Since(start))
	}

	s.SetLatency(pullEndpoint, 150*time.Millisecond)
	start = time.Now()
	if _, _, err := client(t, s, time.Second).PullRequests.Get(ctx, o, r, 11); err != nil || time.Since(start) < 150*time.Millisecond {
		t.Errorf("latency: %v after %s", err, time.Since(start))
	}

	req, _ := http.NewRequest("GET", s.URL()+"nowhere", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 || len(s.UnexpectedCalls()) != 1 {
		t.Errorf("unknown endpoint: %d, %d unexpected calls", resp.StatusCode, len(s.UnexpectedCalls()))
	}
	calls := s.Calls()
	if len(calls) != 6 || calls[0].Endpoint != pullEndpoint || calls[0].Status != 502 {
		t.Errorf("recorded %d calls, first %+v", len(calls), calls[0])
	}
}

// The budget runs out as GitHub's does (403, nothing left, go-github's RateLimitError) and
// refills when the window ends, so long benchmarks are not throttled forever.
func TestRateLimitRunsOutAndRefills(t *testing.T) {
	const window = 300 * time.Millisecond
	s := New(WithRateLimit(2, window))
	defer s.Close()
	s.AddRepo("acme", "pump", "main")
	c := client(t, s, 5*time.Second)
	ctx := context.Background()
	for want := 1; want >= 0; want-- {
		_, resp, err := c.Repositories.Get(ctx, "acme", "pump")
		if err != nil || resp.Rate.Remaining != want || resp.Rate.Limit != 2 {
			t.Fatalf("call with %d left: rate %+v, err %v", want, resp.Rate, err)
		}
	}
	// A fresh client: go-github would refuse on its own side, knowing the budget is spent.
	_, resp, err := client(t, s, 5*time.Second).Repositories.Get(ctx, "acme", "pump")
	var limited *github.RateLimitError
	if !errors.As(err, &limited) || resp.StatusCode != http.StatusForbidden || limited.Rate.Remaining != 0 {
		t.Fatalf("over the budget: status %d, err %v", resp.StatusCode, err)
	}
	time.Sleep(window) // the window began before the refused call
	if _, resp, err := client(t, s, 5*time.Second).Repositories.Get(ctx, "acme", "pump"); err != nil || resp.Rate.Remaining != 1 {
		t.Fatalf("after the window: rate %+v, err %v", resp.Rate, err)
	}
}

// A completed check run keeps its conclusion through an output-only update, can change its
// conclusion, and never returns to in_progress (GitHub's rule: the fake refuses it loudly).
func TestCompletedCheckRunUpdates(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddRepo("acme", "pump", "main")
	c := client(t, s, 5*time.Second)
	ctx := context.Background()
	run, _, err := c.Checks.CreateCheckRun(ctx, "acme", "pump", github.CreateCheckRunOptions{
		Name: "IEC 62304", HeadSHA: "abc", Status: github.String("completed"), Conclusion: github.String("failure")})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name           string
		opts           github.UpdateCheckRunOptions
		status         int
		wantConclusion string
	}{
		{"output only", github.UpdateCheckRunOptions{Name: "IEC 62304", Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s")}}, 200, "failure"},
		{"new conclusion", github.UpdateCheckRunOptions{Name: "IEC 62304", Conclusion: github.String("success")}, 200, "success"},
		{"back to in_progress", github.UpdateCheckRunOptions{Name: "IEC 62304", Status: github.String("in_progress")}, 422, "success"},
	}
	for _, st := range steps {
		_, resp, _ := c.Checks.UpdateCheckRun(ctx, "acme", "pump", run.GetID(), st.opts)
		got := s.CheckRuns("acme", "pump", "abc")[0]
		if resp.StatusCode != st.status || got.GetStatus() != "completed" || got.GetConclusion() != st.wantConclusion {
			t.Errorf("%s: HTTP %d, run %s/%s; want HTTP %d, completed/%s", st.name, resp.StatusCode, got.GetStatus(), got.GetConclusion(), st.status, st.wantConclusion)
		}
	}
}
