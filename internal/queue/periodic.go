package queue

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// QueueBackground holds the work nobody waits for (the reconciler). It has one worker, so it
// never takes more than one from webhook work.
const QueueBackground = "background"

// backgroundPriority is River's last priority (1 runs first, 4 last): the evaluations that
// background work asks for wait while webhook work is waiting. A delivery for a pull request
// whose evaluation background work queued shares that job, as any delivery shares a waiting
// evaluation.
const backgroundPriority = 4

// Every queues a job of args every interval, and once when the queue starts (so a process
// restarted more often than interval still gets to it). With several replicas, only River's
// elected leader queues it. Call it before Start, with the kind's worker registered; give
// args WhileUnfinished uniqueness when a slow run and the next must not overlap.
func (q *Queue) Every(interval time.Duration, args river.JobArgs) {
	q.periodic = append(q.periodic, river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args, nil },
		&river.PeriodicJobOpts{ID: args.Kind(), RunOnStart: true}))
}

// WhileUnfinished is the uniqueness of a job that is not queued again while one with the same
// args waits, runs or waits to be retried.
func WhileUnfinished() river.UniqueOpts {
	return river.UniqueOpts{ByArgs: true, ByState: unfinished}
}

// WithBackground marks the evaluations ctx asks for as background work, and says why (for
// the logs and the audit trail): they run after the webhook work waiting with them.
func WithBackground(ctx context.Context, why string) context.Context {
	return withCause(ctx, Cause{Background: why})
}

// insertOpts are the options of an evaluation c asked for: background work's come last.
func (c Cause) insertOpts() *river.InsertOpts {
	if c.Background == "" {
		return nil
	}
	return &river.InsertOpts{Priority: backgroundPriority}
}
