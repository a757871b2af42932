package queue

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
)

// DeliveryWorker handles stored deliveries: it decodes a delivery once, logs with what it is
// about, and hands that decoded value to the handler of its event, whose evaluations go back
// into the queue (Evaluate) instead of running here.
type DeliveryWorker struct {
	river.WorkerDefaults[DeliveryArgs]
	Queue    *Queue
	handlers map[string]delivery.Handler
}

// NewDeliveryWorker routes each event to the handler that handles it.
func NewDeliveryWorker(q *Queue, handlers []delivery.Handler) *DeliveryWorker {
	w := &DeliveryWorker{Queue: q, handlers: map[string]delivery.Handler{}}
	for _, h := range handlers {
		for _, event := range h.Handles() {
			w.handlers[event] = h
		}
	}
	return w
}

// Work implements river.Worker.
func (w *DeliveryWorker) Work(ctx context.Context, job *river.Job[DeliveryArgs]) error {
	d := job.Args
	cause := Cause{DeliveryID: d.ID, Event: d.Event}
	logger := cause.logger(w.Queue.logger)
	ctx = withCause(logger.WithContext(ctx), cause)
	payload, found, err := w.Queue.db.payload(ctx, d.PayloadID)
	if err != nil {
		return err
	}
	if !found { // handled by an attempt whose process died before River heard of it
		logger.Debug().Msg("delivery handled already")
		return nil
	}
	err = w.handle(ctx, job, payload)
	if w.Queue.settled(job.JobRow, err) {
		w.Queue.store.drop(ctx, d.PayloadID)
	}
	return err
}

// handle hands the delivery to its event's handler, and returns Outcome's answer.
func (w *DeliveryWorker) handle(ctx context.Context, job *river.Job[DeliveryArgs], payload []byte) error {
	d := job.Args
	handler, ok := w.handlers[d.Event]
	if !ok {
		zerolog.Ctx(ctx).Debug().Msg("event not handled")
		return nil
	}
	decoded, err := delivery.Decode(d.ID, d.Event, payload)
	if err != nil {
		return w.Queue.Outcome(ctx, job.JobRow, err)
	}
	ctx = logfields.With(ctx, decoded.Subject)
	zerolog.Ctx(ctx).Info().Int("attempt", job.Attempt).Msg("handling webhook delivery")
	if err := handler.Handle(ctx, decoded); err != nil {
		return w.Queue.Outcome(ctx, job.JobRow, fmt.Errorf("delivery %s (%s): %w", d.ID, d.Event, err))
	}
	return nil
}
