package telemetry

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rcrowley/go-metrics"
)

func TestEndpoint(t *testing.T) {
	tests := map[string]string{
		"/repos/acme/pump/pulls/12/files":                                              "/repos/{owner}/{repo}/pulls/{number}/files",
		"/api/v3/repos/acme/pump/pulls/12":                                             "/repos/{owner}/{repo}/pulls/{number}",
		"/repos/acme/pump/commits/0123456789abcdef0123456789abcdef01234567/check-runs": "/repos/{owner}/{repo}/commits/{ref}/check-runs",
		"/repos/acme/pump/contents/.github/iec62304.yml":                               "/repos/{owner}/{repo}/contents/{path}",
		"/orgs/acme/teams/qa/members":                                                  "/orgs/{org}/teams/{team}/members",
		"/app/installations/4242/access_tokens":                                        "/app/installations/{number}/access_tokens",
		"/repos/acme/pump/issues/comments/99":                                          "/repos/{owner}/{repo}/issues/comments/{number}",
		"/repos/acme/pump/check-runs/7":                                                "/repos/{owner}/{repo}/check-runs/{number}",
		"/app":                                                                         "/app",
	}
	for path, want := range tests {
		if got := Endpoint(path); got != want {
			t.Errorf("Endpoint(%q) = %q, want %q", path, got, want)
		}
	}
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return rec.Body.String()
}

func TestMetricsExposition(t *testing.T) {
	github := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "HEAD" {
			w.Header().Set("X-From-Cache", "1") // as httpcache marks an answer GitHub confirmed with 304
		}
		if r.Method == "POST" {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer github.Close()
	m := New()
	client := &http.Client{Transport: m.InstrumentTransport(http.DefaultTransport)}
	for _, method := range []string{"GET", "POST", "HEAD"} {
		req, _ := http.NewRequest(method, github.URL+"/repos/acme/pump/pulls/3", nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	m.RateLimit(4242, "core", 4321, 5000)
	m.Delivery("pull_request", "accepted")
	m.QueueDepth("available", 3)
	m.JobDone("evaluate_pull", "completed", 20*time.Millisecond, 150*time.Millisecond)
	m.JobRetried("evaluate_pull", "retry_after")
	m.JobFailed("webhook_delivery", "permanent")
	m.EvaluationDone("pass", 150*time.Millisecond)
	reg := metrics.NewRegistry()
	metrics.GetOrRegisterCounter("github.requests.2xx", reg).Inc(2)
	m.RegisterGoMetrics(reg)

	text := scrape(t, m)
	for _, want := range []string{
		`iec62304_github_api_calls_total{endpoint="/repos/{owner}/{repo}/pulls/{number}",method="GET",status="200"} 1`,
		`iec62304_github_api_calls_total{endpoint="/repos/{owner}/{repo}/pulls/{number}",method="POST",status="502"} 1`,
		`iec62304_github_api_calls_total{endpoint="/repos/{owner}/{repo}/pulls/{number}",method="HEAD",status="304"} 1`,
		`iec62304_github_rate_limit_remaining{installation="4242",resource="core"} 4321`,
		`iec62304_github_rate_limit_limit{installation="4242",resource="core"} 5000`,
		`iec62304_webhook_deliveries_total{event="pull_request",outcome="accepted"} 1`,
		`iec62304_queue_jobs{state="available"} 3`,
		`iec62304_job_wait_seconds_count{kind="evaluate_pull"} 1`,
		`iec62304_job_run_seconds_count{kind="evaluate_pull",outcome="completed"} 1`,
		`iec62304_job_retries_total{kind="evaluate_pull",reason="retry_after"} 1`,
		`iec62304_job_failures_total{kind="webhook_delivery",reason="permanent"} 1`,
		`iec62304_evaluation_duration_seconds_count{outcome="pass"} 1`,
		`githubapp_github_requests_2xx 2`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
