package githubfake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	time.Sleep(time.Until(limited.Rate.Reset.Time)) // the reset GitHub named, a whole second
	if _, resp, err := client(t, s, 5*time.Second).Repositories.Get(ctx, "acme", "pump"); err != nil || resp.Rate.Remaining != 1 {
		t.Fatalf("after the window: rate %+v, err %v", resp.Rate, err)
	}
}

// A completed check run keeps its conclusion through an output-only update, can change its
// conclusion, and never returns to in_progress (GitHub's rule: the fake refuses it loudly).
func TestCompletedCheckRunUpdates(t *testing.T) {
	s, c := emptyRepo(t)
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

// emptyRepo starts a fake with one empty repository, acme/pump, and a client for it.
func emptyRepo(t *testing.T) (*Server, *github.Client) {
	t.Helper()
	s := New()
	t.Cleanup(s.Close)
	s.AddRepo("acme", "pump", "main")
	return s, client(t, s, 5*time.Second)
}

// rawGet sends a GET with the given headers and returns the response with its body read.
func rawGet(t *testing.T, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// GitHub answers a GET with validators; a conditional GET that still matches gets 304, no
// body, and costs nothing; a change gives a new validator and a full answer.
func TestConditionalRequests(t *testing.T) {
	s := New()
	defer s.Close()
	if err := s.LoadSnapshot("../../testdata/snapshots/class-b-pass"); err != nil {
		t.Fatal(err)
	}
	issue := s.URL() + "repos/acme-medical/infusion-pump/issues/41"
	first, body := rawGet(t, issue, nil)
	etag, modified := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	if first.StatusCode != 200 || !strings.HasPrefix(etag, `W/"`) || modified == "" || body == "" ||
		first.Header.Get("Cache-Control") == "" || !strings.Contains(first.Header.Get("Vary"), "Authorization") {
		t.Fatalf("first read: %d, ETag %q, Last-Modified %q, headers %v", first.StatusCode, etag, modified, first.Header)
	}
	remaining := first.Header.Get("X-RateLimit-Remaining")
	tests := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"same weak ETag", map[string]string{"If-None-Match": etag}, 304},
		{"same ETag compared weakly", map[string]string{"If-None-Match": strings.TrimPrefix(etag, "W/")}, 304},
		{"one of several ETags", map[string]string{"If-None-Match": `"other", ` + etag}, 304},
		{"any", map[string]string{"If-None-Match": "*"}, 304},
		{"not modified since", map[string]string{"If-Modified-Since": modified}, 304},
		{"other ETag", map[string]string{"If-None-Match": `W/"other"`}, 200},
		{"ETag wins over the date", map[string]string{"If-None-Match": `W/"other"`, "If-Modified-Since": modified}, 200},
		{"modified since", map[string]string{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}, 200},
	}
	for _, tt := range tests {
		resp, body := rawGet(t, issue, tt.header)
		if resp.StatusCode != tt.want || (tt.want == 304 && (body != "" || resp.Header.Get("ETag") != etag)) {
			t.Errorf("%s: %d with %d bytes, ETag %q; want %d", tt.name, resp.StatusCode, len(body), resp.Header.Get("ETag"), tt.want)
		}
	}
	calls := s.Calls()
	if notModified := calls[1]; notModified.Status != 304 || !notModified.Conditional {
		t.Errorf("304 recorded as %+v", notModified)
	}
	// Four full answers (the first and three 200s) were charged, the five 304s were not.
	if _, last := rawGet(t, issue, nil); last == "" {
		t.Fatal("no body")
	}
	final, _ := rawGet(t, issue, map[string]string{"If-None-Match": etag})
	wantLeft, _ := strconv.Atoi(remaining)
	if got := final.Header.Get("X-RateLimit-Remaining"); got != strconv.Itoa(wantLeft-4) {
		t.Errorf("remaining %s after 4 charged reads from %s", got, remaining)
	}

	// A change: the old validator no longer matches.
	c := client(t, s, 5*time.Second)
	if _, _, err := c.Issues.Edit(context.Background(), "acme-medical", "infusion-pump", 41, &github.IssueRequest{Body: github.String("changed")}); err != nil {
		t.Fatal(err)
	}
	changed, body := rawGet(t, issue, map[string]string{"If-None-Match": etag})
	if changed.StatusCode != 200 || changed.Header.Get("ETag") == etag || !strings.Contains(body, "changed") {
		t.Errorf("after a change: %d, ETag %q", changed.StatusCode, changed.Header.Get("ETag"))
	}
}

// Each installation has its own budget, charged to the installation its token belongs to.
func TestRateLimitPerInstallation(t *testing.T) {
	s := New(WithRateLimit(10, time.Hour))
	defer s.Close()
	s.AddRepo("acme", "pump", "main")
	token := func(installation int) string {
		resp, err := http.Post(fmt.Sprintf("%sapp/installations/%d/access_tokens", s.URL(), installation), "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var tok github.InstallationToken
		_ = json.NewDecoder(resp.Body).Decode(&tok)
		return "token " + tok.GetToken()
	}
	a, b := token(1), token(2)
	for range 3 {
		rawGet(t, s.URL()+"repos/acme/pump", map[string]string{"Authorization": a})
	}
	resp, _ := rawGet(t, s.URL()+"repos/acme/pump", map[string]string{"Authorization": b})
	if got := resp.Header.Get("X-RateLimit-Remaining"); got != "9" {
		t.Errorf("installation 2 has %s left after its first call, want 9", got)
	}
	units := map[int64]int{}
	for _, c := range s.Calls() {
		units[c.Installation] += c.RateLimitUnits()
	}
	if units[1] != 3 || units[2] != 1 {
		t.Errorf("units by installation %v, want 1:3 2:1", units)
	}
}

// GitHub refuses a check run output or a comment over its length limit with 422.
func TestLengthLimits(t *testing.T) {
	s := New()
	defer s.Close()
	if err := s.LoadSnapshot("../../testdata/snapshots/class-b-pass"); err != nil {
		t.Fatal(err)
	}
	c := client(t, s, 5*time.Second)
	ctx := context.Background()
	const o, r, n = "acme-medical", "infusion-pump", 21
	long := func(n int) *string { return github.String(strings.Repeat("é", n)) }
	status := func(_ any, resp *github.Response, _ error) int { return resp.StatusCode }
	run := func(summary *string) github.CreateCheckRunOptions {
		return github.CreateCheckRunOptions{Name: "x", HeadSHA: "abc", Status: github.String("in_progress"), Output: &github.CheckRunOutput{Title: github.String("t"), Summary: summary}}
	}
	if got := status(c.Checks.CreateCheckRun(ctx, o, r, run(long(MaxCheckRunText)))); got != 201 {
		t.Errorf("summary at the limit: %d", got)
	}
	if got := status(c.Checks.CreateCheckRun(ctx, o, r, run(long(MaxCheckRunText+1)))); got != 422 {
		t.Errorf("summary over the limit: %d, want 422", got)
	}
	created, _, err := c.Issues.CreateComment(ctx, o, r, n, &github.IssueComment{Body: long(MaxCommentBody)})
	if err != nil {
		t.Fatalf("comment at the limit: %v", err)
	}
	if got := status(c.Issues.CreateComment(ctx, o, r, n, &github.IssueComment{Body: long(MaxCommentBody + 1)})); got != 422 {
		t.Errorf("comment over the limit: %d, want 422", got)
	}
	if got := status(c.Issues.EditComment(ctx, o, r, created.GetID(), &github.IssueComment{Body: long(MaxCommentBody + 1)})); got != 422 {
		t.Errorf("comment edited over the limit: %d, want 422", got)
	}
}

// The combined status covers every context but lists them a page at a time.
func TestCombinedStatusPages(t *testing.T) {
	_, c := emptyRepo(t)
	ctx := context.Background()
	for i := range 150 {
		state := "success"
		if i == 0 {
			state = "failure" // the oldest: listed on the last page only
		}
		if _, _, err := c.Repositories.CreateStatus(ctx, "acme", "pump", "abc", &github.RepoStatus{State: github.String(state), Context: github.String(fmt.Sprintf("ci-%03d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	first, resp, err := c.Repositories.GetCombinedStatus(ctx, "acme", "pump", "abc", &github.ListOptions{PerPage: 100})
	if err != nil || len(first.Statuses) != 100 || first.GetTotalCount() != 150 || first.GetState() != "failure" || resp.NextPage != 2 {
		t.Fatalf("first page: %d statuses of %d, state %s, next %d, %v", len(first.Statuses), first.GetTotalCount(), first.GetState(), resp.NextPage, err)
	}
	second, resp, _ := c.Repositories.GetCombinedStatus(ctx, "acme", "pump", "abc", &github.ListOptions{PerPage: 100, Page: 2})
	if len(second.Statuses) != 50 || resp.NextPage != 0 || second.Statuses[49].GetContext() != "ci-000" {
		t.Errorf("second page: %d statuses, next %d", len(second.Statuses), resp.NextPage)
	}
}

// A 429 is a secondary rate limit, with or without Retry-After; a primary limit says when
// the window resets.
func TestRateLimitFaults(t *testing.T) {
	s, _ := emptyRepo(t)
	const endpoint = "GET /repos/{owner}/{repo}"
	s.InjectFault(Fault{Endpoint: endpoint, Status: http.StatusTooManyRequests, RetryAfter: 7 * time.Second, Times: 1})
	s.InjectFault(Fault{Endpoint: endpoint, Status: http.StatusTooManyRequests, Reset: time.Minute, Times: 1})
	resp, body := rawGet(t, s.URL()+"repos/acme/pump", nil)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" || !strings.Contains(body, "secondary rate limit") {
		t.Errorf("secondary: %d, Retry-After %q, %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	resp, _ = rawGet(t, s.URL()+"repos/acme/pump", nil)
	reset, _ := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	if resp.StatusCode != 429 || resp.Header.Get("X-RateLimit-Remaining") != "0" || time.Until(time.Unix(reset, 0)) < 50*time.Second {
		t.Errorf("primary: %d, remaining %q, reset %v", resp.StatusCode, resp.Header.Get("X-RateLimit-Remaining"), time.Unix(reset, 0))
	}
}
