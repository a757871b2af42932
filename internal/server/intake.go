package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

// errMalformedPayload marks a delivery whose signature is valid but whose payload is not an
// event we can act on; the sender gets 400 at once instead of a silent drop later.
var errMalformedPayload = errors.New("malformed webhook payload")

// intake sits between go-githubapp's dispatcher and its queue scheduler. It rejects malformed
// payloads while GitHub still waits for the response, counts the deliveries in flight (queued
// or running) so shutdown can drain them, and reports the queue depth.
type intake struct {
	next     githubapp.Scheduler
	inflight sync.WaitGroup
	depth    atomic.Int64
	onDepth  func(int)
}

func newIntake(next githubapp.Scheduler, onDepth func(int)) *intake {
	return &intake{next: next, onDepth: onDepth}
}

// Schedule implements githubapp.Scheduler.
func (in *intake) Schedule(ctx context.Context, d githubapp.Dispatch) error {
	if err := checkPayload(d.EventType, d.Payload); err != nil {
		return err
	}
	in.track(1)
	d.Handler = &trackedHandler{EventHandler: d.Handler, done: func() { in.track(-1) }}
	if err := in.next.Schedule(ctx, d); err != nil {
		in.track(-1)
		return err
	}
	return nil
}

func (in *intake) track(delta int) {
	if delta > 0 {
		in.inflight.Add(delta)
	}
	n := in.depth.Add(int64(delta))
	if delta < 0 {
		in.inflight.Done()
	}
	if in.onDepth != nil {
		in.onDepth(int(n))
	}
}

// drain waits until every accepted delivery has been handled, or the timeout passes.
func (in *intake) drain(timeout time.Duration) error {
	done := make(chan struct{})
	go func() { in.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("drain webhook queue: %d deliveries still in flight after %s", in.depth.Load(), timeout)
	}
}

// checkPayload accepts a payload that go-github can parse as its event type and that names the
// installation and repository an app event always carries (installation events name no repository).
func checkPayload(eventType string, payload []byte) error {
	if _, err := github.ParseWebHook(eventType, payload); err != nil {
		return fmt.Errorf("%w: %s: %v", errMalformedPayload, eventType, err)
	}
	var common struct {
		Installation *struct {
			ID int64 `json:"id"`
		} `json:"installation"`
		Repository *json.RawMessage `json:"repository"`
	}
	if err := json.Unmarshal(payload, &common); err != nil {
		return fmt.Errorf("%w: %s: %v", errMalformedPayload, eventType, err)
	}
	if common.Installation == nil || common.Installation.ID == 0 {
		return fmt.Errorf("%w: %s: no installation.id", errMalformedPayload, eventType)
	}
	if common.Repository == nil && eventType != "installation" && eventType != "installation_repositories" {
		return fmt.Errorf("%w: %s: no repository", errMalformedPayload, eventType)
	}
	return nil
}

// trackedHandler reports when the wrapped handler has finished, however it finished.
type trackedHandler struct {
	githubapp.EventHandler
	done func()
}

func (h *trackedHandler) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	defer h.done()
	return h.EventHandler.Handle(ctx, eventType, deliveryID, payload)
}
