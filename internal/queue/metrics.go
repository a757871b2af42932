package queue

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// Observer receives the queue's metrics.
type Observer interface {
	// JobDone reports one finished attempt: its outcome (completed, failed, cancelled,
	// snoozed), how long it waited to start and how long it ran.
	JobDone(kind, outcome string, wait, run time.Duration)
	// JobRetried counts an attempt that will be tried again, and why (error, retry_after).
	JobRetried(kind, reason string)
	// JobFailed counts a job that failed for good, and why (permanent, attempts_exhausted, panic).
	JobFailed(kind, reason string)
	// QueueDepth reports how many jobs are in a state.
	QueueDepth(state string, n int)
}

// depthInterval is how often the jobs per state are counted for /metrics.
const depthInterval = 2 * time.Second

// observe feeds the Observer until the client stops.
func (q *Queue) observe() {
	o := q.settings.Observer
	if o == nil {
		return
	}
	events, cancel := q.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled, river.EventKindJobSnoozed)
	defer cancel()
	tick := time.NewTicker(depthInterval)
	defer tick.Stop()
	q.countStates(o)
	for {
		select {
		case e, ok := <-events:
			if !ok {
				return
			}
			if e.Job != nil && e.JobStats != nil {
				o.JobDone(e.Job.Kind, outcomeOf(e.Kind), e.JobStats.QueueWaitDuration, e.JobStats.RunDuration)
			}
		case <-tick.C:
			if q.isStopped() {
				return
			}
			q.countStates(o)
		}
	}
}

func (q *Queue) countStates(o Observer) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	counts, err := q.exec.JobCountByAllStates(ctx, &riverdriver.JobCountByAllStatesParams{})
	if err != nil {
		return // the database is away: /readyz says so
	}
	for _, state := range rivertype.JobStates() {
		o.QueueDepth(string(state), counts[state])
	}
}

func outcomeOf(kind river.EventKind) string {
	switch kind {
	case river.EventKindJobCompleted:
		return "completed"
	case river.EventKindJobCancelled:
		return "cancelled"
	case river.EventKindJobSnoozed:
		return "snoozed"
	}
	return "failed"
}
