package telemetry

import (
	"regexp"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rcrowley/go-metrics"
)

// RegisterGoMetrics exports a go-metrics registry (where go-githubapp keeps its client and
// scheduler metrics) through the Prometheus registry, each metric prefixed githubapp_.
func (m *Metrics) RegisterGoMetrics(r metrics.Registry) {
	m.registry.MustRegister(goMetricsCollector{registry: r})
}

type goMetricsCollector struct {
	registry metrics.Registry
}

var invalidName = regexp.MustCompile(`[^a-zA-Z0-9_]`)

func promName(name string) string {
	return "githubapp_" + strings.Trim(invalidName.ReplaceAllString(name, "_"), "_")
}

// Describe sends no descriptors: the set of go-metrics grows at run time (an unchecked collector).
func (c goMetricsCollector) Describe(chan<- *prometheus.Desc) {}

// Collect reads every counter and gauge of the go-metrics registry.
func (c goMetricsCollector) Collect(ch chan<- prometheus.Metric) {
	c.registry.Each(func(name string, metric any) {
		var value float64
		kind := prometheus.GaugeValue
		switch v := metric.(type) {
		case metrics.Counter:
			value, kind = float64(v.Count()), prometheus.CounterValue
		case metrics.Gauge:
			value = float64(v.Value())
		case metrics.Histogram:
			value, kind = float64(v.Count()), prometheus.CounterValue
			name += ".count"
		default:
			return
		}
		desc := prometheus.NewDesc(promName(name), "go-githubapp metric "+name, nil, nil)
		ch <- prometheus.MustNewConstMetric(desc, kind, value)
	})
}
