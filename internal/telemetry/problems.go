package telemetry

import "github.com/prometheus/client_golang/prometheus"

// Reports counts the problem-report work (clause 9): what the bot filed, the status
// comments it wrote, and the commands it refused.
type Reports struct {
	filed   *prometheus.CounterVec
	status  *prometheus.CounterVec
	refused prometheus.Counter
}

// Reports registers the problem-report metrics; call it once.
func (m *Metrics) Reports() *Reports {
	r := &Reports{
		filed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_problem_reports_filed_total", Help: "Problem reports the bot filed, by trigger (merge, default_branch, command).",
		}, []string{"trigger"}),
		status: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "iec62304_problem_status_comments_written_total", Help: "Status comments created or edited on problem reports and change requests, by kind.",
		}, []string{"kind"}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "iec62304_problem_commands_refused_total", Help: "/problem-report commands refused because the author lacks the permission.",
		}),
	}
	m.registry.MustRegister(r.filed, r.status, r.refused)
	return r
}

// ReportFiled counts a report filed by trigger.
func (r *Reports) ReportFiled(trigger string) { r.filed.WithLabelValues(trigger).Inc() }

// StatusWritten counts a status comment created or edited ("problem_report", "change_request").
func (r *Reports) StatusWritten(kind string) { r.status.WithLabelValues(kind).Inc() }

// CommandRefused counts a refused command.
func (r *Reports) CommandRefused() { r.refused.Inc() }
