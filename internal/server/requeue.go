package server

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
	"github.com/iec62304-bot/iec62304-bot/internal/webhook"
)

// DefaultRequeueDelays are the waits before a delivery that failed on a transient GitHub error
// is handled again: past a short outage, then past a long one.
var DefaultRequeueDelays = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute}

// requeue gives a delivery whose handling failed on a transient GitHub error (an outage, a
// rate limit longer than the in-worker retries wait for) more tries later. A try goes back
// through the intake, so it coalesces with newer deliveries for the same pull requests, and no
// worker sleeps meanwhile. A waiting try counts as in flight; those still waiting when the
// process stops are logged, for the reconciler to find after a restart.
type requeue struct {
	in        *intake
	delays    []time.Duration
	onRequeue func(event string)

	mu      sync.Mutex
	waiting map[*waitingTry]bool
	stopped bool
}

// waitingTry is one delivery waiting for its next try.
type waitingTry struct{ timer *time.Timer }

func newRequeue(in *intake, delays []time.Duration, onRequeue func(event string)) *requeue {
	return &requeue{in: in, delays: delays, onRequeue: onRequeue, waiting: map[*waitingTry]bool{}}
}

// failed decides what becomes of a delivery whose handling returned err, and logs it.
func (r *requeue) failed(ctx context.Context, d githubapp.Dispatch, err error) {
	logger := zerolog.Ctx(ctx)
	handler, attempt := unwrapRetried(d.Handler)
	if !evaluation.Transient(err) || attempt >= len(r.delays) {
		logger.Error().Err(err).Int("requeued", attempt).Msg("webhook handling failed")
		return
	}
	delay := r.delays[attempt]
	d.Handler = &retriedHandler{EventHandler: handler, attempt: attempt + 1}
	if !r.later(logfields.Carry(ctx, context.Background()), d, delay) {
		logger.Error().Err(err).Msg("webhook handling failed while shutting down; not requeued")
		return
	}
	r.onRequeue(d.EventType)
	logger.Warn().Err(err).Dur("retry_in", delay).Int("attempt", attempt+1).Msg("webhook handling failed on a transient GitHub error; requeued")
}

// later schedules d after delay; false once stopped.
func (r *requeue) later(ctx context.Context, d githubapp.Dispatch, delay time.Duration) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return false
	}
	r.in.track(1)
	try := &waitingTry{}
	r.waiting[try] = true
	try.timer = time.AfterFunc(delay, func() {
		if !r.release(try) {
			return
		}
		defer r.in.track(-1)
		if err := r.in.Schedule(ctx, d); err != nil && !errors.Is(err, errCoalesced) {
			zerolog.Ctx(ctx).Error().Err(err).Msg("requeued webhook could not be scheduled")
		}
	})
	return true
}

// release forgets a try whose time came; false when stop already took it.
func (r *requeue) release(try *waitingTry) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.waiting[try] {
		return false
	}
	delete(r.waiting, try)
	return true
}

// stop cancels every waiting try and returns how many there were.
func (r *requeue) stop() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopped = true
	n := len(r.waiting)
	for try := range r.waiting {
		try.timer.Stop()
		r.in.track(-1)
		delete(r.waiting, try)
	}
	return n
}

// retriedHandler is a delivery's handler on its nth requeued try.
type retriedHandler struct {
	githubapp.EventHandler
	attempt int
}

// CoalesceKey keeps a requeued try coalescing like the delivery it repeats.
func (h *retriedHandler) CoalesceKey(eventType string, payload []byte) string {
	if c, ok := h.EventHandler.(webhook.Coalescing); ok {
		return c.CoalesceKey(eventType, payload)
	}
	return ""
}

// unwrapRetried returns a scheduled handler's own handler and how often it was requeued.
func unwrapRetried(h githubapp.EventHandler) (githubapp.EventHandler, int) {
	if t, ok := h.(*trackedHandler); ok {
		h = t.EventHandler
	}
	if r, ok := h.(*retriedHandler); ok {
		return r.EventHandler, r.attempt
	}
	return h, 0
}
