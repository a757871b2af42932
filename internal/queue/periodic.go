package queue

import (
	"time"

	"github.com/riverqueue/river"
)

// Every queues a job of args every interval, and once when the queue starts (so a process
// restarted more often than interval still gets to it). With several replicas, only River's
// elected leader queues it. Call it before Start, with the kind's worker registered.
func (q *Queue) Every(interval time.Duration, args river.JobArgs) {
	q.periodic = append(q.periodic, river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args, nil },
		&river.PeriodicJobOpts{ID: args.Kind(), RunOnStart: true}))
}
