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
	queueDepth  prometheus.Gauge
	evaluations *prometheus.HistogramVec
	apiCalls    *prometheus.CounterVec
	rateLimit   *prometheus.GaugeVec
	rateBudget  *prometheus.GaugeVec
	requeued    *prometheus.CounterVec
}

// New registers the metrics, with Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_webhook_deliveries_total", Help: "Webhook deliveries by event and outcome (accepted, coalesced, ignored, or why one was refused: docs/operations.md).",
		}, []string{"event", "outcome"}),
		queueDepth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "iec62304_evaluation_queue_depth", Help: "Accepted webhook deliveries not yet handled (queued, running, or waiting to be retried).",
		}),
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
		requeued: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_webhook_requeued_total", Help: "Deliveries handled again later after a transient GitHub failure, by event.",
		}, []string{"event"}),
	}
	m.registry.MustRegister(m.deliveries, m.queueDepth, m.evaluations, m.apiCalls, m.rateLimit, m.rateBudget, m.requeued,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Requeued counts a delivery put back to be handled again later.
func (m *Metrics) Requeued(event string) { m.requeued.WithLabelValues(event).Inc() }

// Delivery counts one webhook delivery.
func (m *Metrics) Delivery(event, outcome string) {
	m.deliveries.WithLabelValues(event, outcome).Inc()
}

// QueueDepth sets the number of deliveries in flight.
func (m *Metrics) QueueDepth(n int) { m.queueDepth.Set(float64(n)) }

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
