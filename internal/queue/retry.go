package queue

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/rs/zerolog"
)

// Backoff is River's retry policy for the app's jobs: the wait doubles from First up to Max,
// with a little jitter so jobs that failed together do not return together.
type Backoff struct {
	First, Max time.Duration
}

func (b Backoff) withDefaults() Backoff {
	if b.First <= 0 {
		b.First = 5 * time.Second
	}
	if b.Max < b.First {
		b.Max = max(b.First, 15*time.Minute)
	}
	return b
}

// NextRetry implements river.ClientRetryPolicy.
func (b Backoff) NextRetry(job *rivertype.JobRow) time.Time {
	wait := b.First
	for i := 1; i < job.Attempt && wait < b.Max; i++ {
		wait *= 2
	}
	wait = min(wait, b.Max)
	jitter := time.Duration(rand.Int64N(int64(wait)/10 + 1))
	return time.Now().Add(wait + jitter)
}

// Classifier says whether an error is transient (trying again later can cure it) and how long
// the other side asked us to wait (a rate limit's Retry-After), zero when it named no time.
type Classifier func(err error) (wait time.Duration, transient bool)

// everythingTransient is the classifier when none is set: retry every failure.
func everythingTransient(error) (time.Duration, bool) { return 0, true }

// Outcome turns a worker's error into River's next step: a transient error whose source named
// a wait (Retry-After) snoozes the job that long, costing no attempt; any other error goes to
// River, which retries with backoff, and errorLogger logs and counts it (a permanent one is
// not retried). Workers of every kind return their error through it.
func (q *Queue) Outcome(ctx context.Context, job *rivertype.JobRow, err error) error {
	if err == nil {
		return nil
	}
	if wait, transient := q.settings.Classify(err); transient && wait > 0 {
		zerolog.Ctx(ctx).Warn().Err(err).Str("job", job.Kind).Dur("retry_in", wait).Msg("GitHub asked to wait; the job waits that long")
		if q.settings.Observer != nil {
			q.settings.Observer.JobRetried(job.Kind, "retry_after")
		}
		return river.JobSnooze(wait)
	}
	return err
}

// errorLogger logs and counts every failed attempt: a warning while River will try again, an
// error naming the reason when the job failed for good (a permanent error, or the last attempt).
type errorLogger struct {
	logger   zerolog.Logger
	classify Classifier
	observer Observer
}

// HandleError implements river.ErrorHandler.
func (h *errorLogger) HandleError(_ context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	_, transient := h.classify(err)
	final := !transient || job.Attempt >= job.MaxAttempts
	event := h.logger.Warn()
	msg := "job failed on a transient error; River tries again with backoff"
	if final {
		event, msg = h.logger.Error(), "job failed for good"
	}
	event.Err(err).Str("job", job.Kind).Int64("job_id", job.ID).Int("attempt", job.Attempt).Int("max_attempts", job.MaxAttempts).
		Bool("transient", transient).Msg(msg)
	if h.observer != nil {
		if final {
			h.observer.JobFailed(job.Kind, reason(transient))
		} else {
			h.observer.JobRetried(job.Kind, "error")
		}
	}
	return &river.ErrorHandlerResult{SetCancelled: !transient}
}

// HandlePanic implements river.ErrorHandler: a panic is a bug, logged with its trace, and
// retried like a transient error (the evaluation reads fresh state; it may pass next time).
func (h *errorLogger) HandlePanic(_ context.Context, job *rivertype.JobRow, panicVal any, trace string) *river.ErrorHandlerResult {
	h.logger.Error().Str("job", job.Kind).Int64("job_id", job.ID).Int("attempt", job.Attempt).
		Interface("panic", panicVal).Str("trace", trace).Msg("job panicked")
	if h.observer != nil && job.Attempt >= job.MaxAttempts {
		h.observer.JobFailed(job.Kind, "panic")
	}
	return nil
}

func reason(transient bool) string {
	if transient {
		return "attempts_exhausted"
	}
	return "permanent"
}
