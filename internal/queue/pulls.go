package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
)

// EvaluateArgs is the job that brings one pull request's check run and summary comment up to
// date with its state on GitHub when the job starts.
type EvaluateArgs struct {
	Pull evaluation.Target `json:"pull" river:"unique"`
	// Slot tells apart the jobs a pull request may have at once; see Evaluate.
	Slot int `json:"slot" river:"unique"`
	// Cause is the delivery that queued the job (later ones share it), for the logs.
	Cause Cause `json:"cause"`
}

// Cause names the delivery work came from, or why background work asked for it.
type Cause struct {
	DeliveryID string `json:"delivery_id,omitempty"`
	Event      string `json:"event,omitempty"`
	Background string `json:"background,omitempty"`
}

type causeKey struct{}

// withCause records in ctx the delivery being handled, for the jobs it queues.
func withCause(ctx context.Context, c Cause) context.Context {
	return context.WithValue(ctx, causeKey{}, c)
}

// CauseOf is the delivery ctx is handling, if any.
func CauseOf(ctx context.Context) Cause {
	c, _ := ctx.Value(causeKey{}).(Cause)
	return c
}

// logger is the queue's logger naming the delivery that caused a job.
func (c Cause) logger(base zerolog.Logger) zerolog.Logger {
	if c.Background != "" {
		return base.With().Str("background", c.Background).Logger()
	}
	if c.DeliveryID == "" {
		return base
	}
	return base.With().Str(githubapp.LogKeyDeliveryID, c.DeliveryID).Str(githubapp.LogKeyEventType, c.Event).Logger()
}

// Kind implements river.JobArgs.
func (EvaluateArgs) Kind() string { return "evaluate_pull" }

// InsertOpts implements river.JobArgsWithInsertOpts: one job per pull request and slot while
// it waits, is retried or runs; a finished one no longer counts.
func (EvaluateArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueEvaluations, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: unfinished}}
}

// unfinished are the states in which a unique job stands for its key. River requires
// available, pending, running and scheduled; retryable is added because a job waiting to be
// retried will read fresh state too. Completed is left out, so a finished evaluation never
// swallows a later request.
var unfinished = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
	rivertype.JobStateScheduled, rivertype.JobStateRetryable,
}

// slots is how many evaluation jobs one pull request may have at once. A waiting job covers
// every request before it starts, since it reads the pull request's state when it runs; a
// running one may have read it already, so a request then needs a job of its own, and River
// counts a running job as a duplicate for unique inserts: hence a second slot for that job.
// A third is the fallback when both stay running (see busyLimit).
const slots = 3

// busyWait and busyLimit bound how Evaluate waits when the first two slots are running. That
// state is brief: one of the two is either taking its turn at the lease (it yields at once,
// and waits again) or has finished and River is marking it completed. Past the limit (a very
// slow database) the request takes the third slot: one evaluation more than needed, never one
// too few.
const (
	busyWait  = 20 * time.Millisecond
	busyLimit = 10 * time.Second
)

// Evaluate asks for an evaluation of t that starts after this call: it shares a waiting job
// for t when there is one (coalescing: a burst for one pull request costs one or two
// evaluations), and queues one otherwise. It implements the handlers' webhook.Evaluator.
func (q *Queue) Evaluate(ctx context.Context, t evaluation.Target) error {
	for start := time.Now(); ; {
		used := slots - 1
		if time.Since(start) > busyLimit {
			used = slots
		}
		for slot := 0; slot < used; slot++ {
			cause := CauseOf(ctx)
			res, err := q.Insert(ctx, EvaluateArgs{Pull: t, Slot: slot, Cause: cause}, cause.insertOpts())
			if err != nil {
				return fmt.Errorf("queue evaluation of %s: %w", t, err)
			}
			if !res.UniqueSkippedAsDuplicate || res.Job.State != rivertype.JobStateRunning {
				return nil
			}
		}
		if used == slots {
			return fmt.Errorf("queue evaluation of %s: all %d of its jobs are running", t, slots)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(busyWait):
		}
	}
}

// PullKey names a pull request for Exclusive; jobs of other kinds that write to a pull request
// (a merge-time evaluation, say) take the same key, so they never overlap its evaluations.
func PullKey(t evaluation.Target) string {
	return "pull:" + strconv.FormatInt(t.InstallationID, 10) + ":" + strings.ToLower(t.String())
}

// A job that finds the lease taken waits leaseWait, doubling with each try up to
// leaseWaitMax: soon enough to follow a short evaluation closely, rarely enough that its brief
// tries (while River shows it running) seldom make Evaluate wait.
const (
	leaseWait    = 100 * time.Millisecond
	leaseWaitMax = 2 * time.Second
)

// leaseBackoff is the wait before a job's next try for a lease, from how often it waited.
func leaseBackoff(job *rivertype.JobRow) time.Duration {
	var meta struct {
		Snoozes int `json:"snoozes"`
	}
	_ = json.Unmarshal(job.Metadata, &meta) // no count: the first wait
	wait := leaseWait
	for i := 0; i < meta.Snoozes && wait < leaseWaitMax; i++ {
		wait *= 2
	}
	return min(wait, leaseWaitMax)
}

// Exclusive runs fn while job holds the lease on name, on every replica; when another job
// holds it, the job is snoozed (it runs again shortly, costing no attempt) and fn does not run.
// A worker returns Exclusive's error.
func (q *Queue) Exclusive(ctx context.Context, name string, job *rivertype.JobRow, fn func(ctx context.Context) error) error {
	got, err := q.db.acquire(ctx, name, job.ID, q.settings.RescueAfter)
	if err != nil {
		return err
	}
	if !got {
		return river.JobSnooze(leaseBackoff(job))
	}
	defer func() {
		if err := q.db.release(context.WithoutCancel(ctx), name, job.ID); err != nil {
			q.logger.Warn().Err(err).Msg("lease not released; it expires on its own")
		}
	}()
	return fn(ctx)
}

// Evaluator evaluates one pull request (evaluation.Service).
type Evaluator interface {
	Evaluate(ctx context.Context, t evaluation.Target) error
}

// EvaluateWorker works EvaluateArgs jobs, one pull request at a time across all replicas.
type EvaluateWorker struct {
	river.WorkerDefaults[EvaluateArgs]
	Queue     *Queue
	Evaluator Evaluator
}

// Work implements river.Worker.
func (w *EvaluateWorker) Work(ctx context.Context, job *river.Job[EvaluateArgs]) error {
	return w.Queue.onPull(ctx, job.JobRow, job.Args.Cause, job.Args.Pull, func(ctx context.Context) error {
		return w.Evaluator.Evaluate(ctx, job.Args.Pull)
	})
}

// onPull runs fn, the work of a job about pull request t, while the job holds t's lease (see
// Exclusive), with the delivery that caused it and the pull request named on its logs.
func (q *Queue) onPull(ctx context.Context, job *rivertype.JobRow, cause Cause, t evaluation.Target, fn func(ctx context.Context) error) error {
	ctx = withCause(cause.logger(q.logger).WithContext(ctx), cause)
	ctx = logfields.With(ctx, logfields.Subject{InstallationID: t.InstallationID, Owner: t.Owner, Repo: t.Repo, Number: t.Number})
	return q.Exclusive(ctx, PullKey(t), job, func(ctx context.Context) error {
		return q.Outcome(ctx, job, fn(ctx))
	})
}
