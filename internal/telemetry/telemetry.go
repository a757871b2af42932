// Package telemetry exposes the service's Prometheus metrics: webhook deliveries, the queue,
// evaluations, and every GitHub API call with the rate limit GitHub reports.
package telemetry

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the service's metrics in its own registry.
type Metrics struct {
	registry    *prometheus.Registry
	deliveries  *prometheus.CounterVec
	jobs        *prometheus.GaugeVec
	jobWait     *prometheus.HistogramVec
	jobRun      *prometheus.HistogramVec
	jobRetries  *prometheus.CounterVec
	jobFailures *prometheus.CounterVec
	evaluations *prometheus.HistogramVec
	apiCalls    *prometheus.CounterVec
	rateLimit   *prometheus.GaugeVec
	rateBudget  *prometheus.GaugeVec
}

// jobBuckets span a job's wait and run, from a quick delivery to a slow evaluation.
var jobBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}

// New registers the metrics, with Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_webhook_deliveries_total", Help: "Webhook deliveries by event and outcome (accepted, ignored, or why one was refused: docs/operations.md).",
		}, []string{"event", "outcome"}),
		jobs: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "iec62304_queue_jobs", Help: "Jobs in the work queue by state (available, running, retryable, scheduled, completed, ...).",
		}, []string{"state"}),
		jobWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "iec62304_job_wait_seconds", Help: "Time a job waited in the queue before it started, by job kind.", Buckets: jobBuckets,
		}, []string{"kind"}),
		jobRun: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "iec62304_job_run_seconds", Help: "Time a job ran, by job kind and outcome (completed, failed, cancelled, snoozed).", Buckets: jobBuckets,
		}, []string{"kind", "outcome"}),
		jobRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_job_retries_total", Help: "Job attempts to be tried again, by job kind and reason (error: backoff; retry_after: GitHub named a wait).",
		}, []string{"kind", "reason"}),
		jobFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_job_failures_total", Help: "Jobs that failed for good, by job kind and reason (permanent, attempts_exhausted, panic).",
		}, []string{"kind", "reason"}),
		evaluations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "iec62304_evaluation_duration_seconds", Help: "Time to evaluate a pull request and write the outcome, by outcome.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"outcome"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_github_api_calls_total", Help: "GitHub API calls by templated endpoint, method and status.",
		}, []string{"endpoint", "method", "status"}),
		rateLimit: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "iec62304_github_rate_limit_remaining", Help: "Requests left in the current GitHub rate-limit window, by installation and resource.",
		}, []string{"installation", "resource"}),
		rateBudget: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "iec62304_github_rate_limit_limit", Help: "Requests allowed per GitHub rate-limit window, by installation and resource.",
		}, []string{"installation", "resource"}),
	}
	m.registry.MustRegister(m.deliveries, m.jobs, m.jobWait, m.jobRun, m.jobRetries, m.jobFailures, m.evaluations, m.apiCalls, m.rateLimit, m.rateBudget,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Delivery counts one webhook delivery.
func (m *Metrics) Delivery(event, outcome string) {
	m.deliveries.WithLabelValues(event, outcome).Inc()
}

// QueueDepth sets how many jobs are in a state.
func (m *Metrics) QueueDepth(state string, n int) { m.jobs.WithLabelValues(state).Set(float64(n)) }

// JobDone records one finished job attempt.
func (m *Metrics) JobDone(kind, outcome string, wait, run time.Duration) {
	m.jobWait.WithLabelValues(kind).Observe(wait.Seconds())
	m.jobRun.WithLabelValues(kind, outcome).Observe(run.Seconds())
}

// JobRetried counts an attempt to be tried again.
func (m *Metrics) JobRetried(kind, reason string) { m.jobRetries.WithLabelValues(kind, reason).Inc() }

// JobFailed counts a job that failed for good.
func (m *Metrics) JobFailed(kind, reason string) { m.jobFailures.WithLabelValues(kind, reason).Inc() }

// EvaluationDone records one finished evaluation.
func (m *Metrics) EvaluationDone(outcome string, d time.Duration) {
	m.evaluations.WithLabelValues(outcome).Observe(d.Seconds())
}

// InstrumentTransport counts GitHub API calls; it is a go-githubapp client middleware. An
// answer the HTTP cache gave after GitHub said 304 Not Modified counts as a 304.
func (m *Metrics) InstrumentTransport(next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		status := "error"
		if err == nil {
			status = strconv.Itoa(resp.StatusCode)
			if resp.Header.Get("X-From-Cache") != "" {
				status = strconv.Itoa(http.StatusNotModified)
			}
		}
		m.apiCalls.WithLabelValues(Endpoint(r.URL.Path), r.Method, status).Inc()
		return resp, err
	})
}

// RateLimit records an installation's rate-limit budget as GitHub last reported it.
func (m *Metrics) RateLimit(installationID int64, resource string, remaining, limit int) {
	id := strconv.FormatInt(installationID, 10)
	m.rateLimit.WithLabelValues(id, resource).Set(float64(remaining))
	m.rateBudget.WithLabelValues(id, resource).Set(float64(limit))
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

var numeric = regexp.MustCompile(`^[0-9]+$`)

// placeholders names the segment that follows a fixed segment of a GitHub API path.
var placeholders = map[string]string{
	"repos": "{owner}", "orgs": "{org}", "teams": "{team}", "commits": "{ref}", "memberships": "{user}",
	"collaborators": "{user}", "labels": "{name}", "compare": "{basehead}", "users": "{user}",
}

// Endpoint templates a GitHub API path so metric labels stay few: owners, repositories,
// numbers, refs and file paths become placeholders ("/repos/{owner}/{repo}/pulls/{number}/files").
func Endpoint(path string) string {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(path, "/api/v3"), "/"), "/")
	out := make([]string, 0, len(parts))
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		switch {
		case i > 0 && parts[i-1] == "contents":
			return "/" + strings.Join(append(out, "{path}"), "/")
		case i == 2 && parts[0] == "repos":
			out = append(out, "{repo}")
		case i > 0 && placeholders[parts[i-1]] != "":
			out = append(out, placeholders[parts[i-1]])
		case numeric.MatchString(p):
			out = append(out, "{number}")
		default:
			out = append(out, p)
		}
	}
	return "/" + strings.Join(out, "/")
}
