package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
)

// ErrMalformed marks a stored delivery that is not an event the app can act on; it fails for
// good at once.
var ErrMalformed = errors.New("malformed webhook payload")

// DeliveryWorker handles stored deliveries: it reads a delivery's subject once for its logs,
// and hands it to the go-githubapp handler of its event, whose evaluations go back into the
// queue (Evaluate) instead of running here.
type DeliveryWorker struct {
	river.WorkerDefaults[DeliveryArgs]
	Queue    *Queue
	handlers map[string]githubapp.EventHandler
}

// NewDeliveryWorker routes each event to the handler that handles it.
func NewDeliveryWorker(q *Queue, handlers []githubapp.EventHandler) *DeliveryWorker {
	w := &DeliveryWorker{Queue: q, handlers: map[string]githubapp.EventHandler{}}
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
	subject, err := subjectOf(d.Event, payload)
	if err != nil {
		return w.Queue.Outcome(ctx, job.JobRow, fmt.Errorf("delivery %s (%s): %w", d.ID, d.Event, err))
	}
	ctx = logfields.With(ctx, subject)
	zerolog.Ctx(ctx).Info().Int("attempt", job.Attempt).Msg("handling webhook delivery")
	if err := handler.Handle(ctx, d.Event, d.ID, payload); err != nil {
		return w.Queue.Outcome(ctx, job.JobRow, fmt.Errorf("delivery %s (%s): %w", d.ID, d.Event, err))
	}
	return nil
}

// subjectOf reads what an app event is about, and refuses one without the installation and
// repository that every app event carries (installation events name no repository).
func subjectOf(event string, payload []byte) (logfields.Subject, error) {
	var p struct {
		Installation *struct {
			ID int64 `json:"id"`
		} `json:"installation"`
		Repository *struct {
			Name  string `json:"name"`
			Owner struct {
				Login string `json:"login"`
			} `json:"owner"`
		} `json:"repository"`
		PullRequest struct {
			Number int `json:"number"`
		} `json:"pull_request"`
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		return logfields.Subject{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if p.Installation == nil || p.Installation.ID == 0 {
		return logfields.Subject{}, fmt.Errorf("%w: no installation.id", ErrMalformed)
	}
	s := logfields.Subject{InstallationID: p.Installation.ID, Number: p.PullRequest.Number}
	if p.Repository == nil {
		if event != "installation" && event != "installation_repositories" {
			return logfields.Subject{}, fmt.Errorf("%w: no repository", ErrMalformed)
		}
		return s, nil
	}
	s.Owner, s.Repo = p.Repository.Owner.Login, p.Repository.Name
	return s, nil
}
