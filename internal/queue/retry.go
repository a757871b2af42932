package queue

import (
	"context"
	"errors"
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

// Outcome turns a worker's error into River's next step, and logs it on the job's logger
// (which names the delivery and the pull request): a transient error whose source named a wait
// (Retry-After) snoozes the job that long, costing no attempt; any other transient error goes
// back to River, which retries it with backoff; a permanent one, or the last attempt, is logged
// as failed for good with its reason, and errorLogger has River give up on it. Workers of every
// kind return their error through it.
func (q *Queue) Outcome(ctx context.Context, job *rivertype.JobRow, err error) error {
	if err == nil {
		return nil
	}
	logger := zerolog.Ctx(ctx)
	wait, transient := q.settings.Classify(err)
	if transient && wait > 0 {
		logger.Warn().Err(err).Str("job", job.Kind).Dur("retry_in", wait).Msg("GitHub asked to wait; the job waits that long")
		q.observeRetry(job.Kind, "retry_after")
		return river.JobSnooze(wait)
	}
	event, msg := logger.Warn(), "job failed on a transient error; it is tried again with backoff"
	if !transient || job.Attempt >= job.MaxAttempts {
		event, msg = logger.Error(), "job failed for good"
	}
	event.Err(err).Str("job", job.Kind).Int64("job_id", job.ID).Int("attempt", job.Attempt).
		Int("max_attempts", job.MaxAttempts).Bool("transient", transient).Msg(msg)
	return err
}

// settled reports whether River is done with a job once its attempt returned err, Outcome's
// answer: it succeeded, failed for good, or failed its last attempt.
func (q *Queue) settled(job *rivertype.JobRow, err error) bool {
	if err == nil {
		return true
	}
	var snooze *rivertype.JobSnoozeError
	if errors.As(err, &snooze) {
		return false
	}
	_, transient := q.settings.Classify(err)
	return !transient || job.Attempt >= job.MaxAttempts
}

func (q *Queue) observeRetry(kind, reason string) {
	if q.settings.Observer != nil {
		q.settings.Observer.JobRetried(kind, reason)
	}
}

// errorLogger has River give up at once on a permanent error, and counts every failed
// attempt; Outcome has logged it where the job's log fields are known.
type errorLogger struct {
	logger   zerolog.Logger
	classify Classifier
	observer Observer
}

// HandleError implements river.ErrorHandler.
func (h *errorLogger) HandleError(_ context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	_, transient := h.classify(err)
	if h.observer != nil {
		switch {
		case !transient:
			h.observer.JobFailed(job.Kind, "permanent")
		case job.Attempt >= job.MaxAttempts:
			h.observer.JobFailed(job.Kind, "attempts_exhausted")
		default:
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
