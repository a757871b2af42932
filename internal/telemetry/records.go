package telemetry

import "github.com/prometheus/client_golang/prometheus"

// RecordsPruned registers the count of evaluation records deleted by the retention setting
// and returns what adds to it; call it once.
func (m *Metrics) RecordsPruned() func(n int64) {
	pruned := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "iec62304_records_pruned_total", Help: "Evaluation records deleted because they were older than IEC62304_RECORDS_RETENTION.",
	})
	m.registry.MustRegister(pruned)
	return func(n int64) { pruned.Add(float64(n)) }
}
