package queue

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// yieldPoll is how often a job waiting for the front door looks again.
const yieldPoll = 2 * time.Millisecond

// yieldMiddleware lets the front door go first. A job about to start waits while deliveries
// are being received, up to max, so that on a small machine a burst is stored and answered
// before the work it causes (decoding payloads, evaluating against GitHub) competes with it for
// the CPU; GitHub gives up on a delivery after 10 s, while an evaluation a moment later costs
// nothing. The wait is bounded, so work goes on during a burst that does not end: each worker
// still starts a job every max.
type yieldMiddleware struct {
	river.MiddlewareDefaults
	busy func() bool
	max  time.Duration
}

// Work implements rivertype.WorkerMiddleware.
func (m *yieldMiddleware) Work(ctx context.Context, _ *rivertype.JobRow, doInner func(context.Context) error) error {
	if m.busy() {
		deadline := time.Now().Add(m.max)
		tick := time.NewTicker(yieldPoll)
		for m.busy() && time.Now().Before(deadline) {
			select {
			case <-ctx.Done():
				tick.Stop()
				return ctx.Err()
			case <-tick.C:
			}
		}
		tick.Stop()
	}
	return doInner(ctx)
}
