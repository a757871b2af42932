package telemetry

import "github.com/prometheus/client_golang/prometheus"

// Reconciler counts what the reconciler looked at, what it repaired, and where it stopped
// early. Its runs, and each repository's pass, are jobs: iec62304_job_run_seconds times them
// by kind (reconcile, reconcile_repo).
type Reconciler struct {
	examined prometheus.Counter
	repaired *prometheus.CounterVec
	stopped  *prometheus.CounterVec
}

// Reconciler registers the reconciler's metrics; call it once.
func (m *Metrics) Reconciler() *Reconciler {
	r := &Reconciler{
		examined: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "iec62304_reconciler_pulls_examined_total", Help: "Open pull requests the reconciler compared with their IEC 62304 check run.",
		}),
		repaired: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_reconciler_repairs_total",
			Help: "Evaluations the reconciler queued, by reason (missing, changed, checks_changed, stuck).",
		}, []string{"reason"}),
		stopped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_reconciler_stopped_total",
			Help: "Repository passes the reconciler ended early, leaving the rest to its next run, by why (rate_limit, budget).",
		}, []string{"why"}),
	}
	m.registry.MustRegister(r.examined, r.repaired, r.stopped)
	return r
}

// Examined counts one pull request looked at.
func (r *Reconciler) Examined() { r.examined.Inc() }

// Repaired counts one evaluation queued, and why.
func (r *Reconciler) Repaired(reason string) { r.repaired.WithLabelValues(reason).Inc() }

// Stopped counts a pass ended early, and why.
func (r *Reconciler) Stopped(why string) { r.stopped.WithLabelValues(why).Inc() }
