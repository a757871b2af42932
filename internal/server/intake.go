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

	"github.com/iec62304-bot/iec62304-bot/internal/frontdoor"
	"github.com/iec62304-bot/iec62304-bot/internal/webhook"
)

// errMalformedPayload marks a delivery whose signature is valid but whose payload is not an
// event we can act on; the sender gets 400 at once instead of a silent drop later.
var errMalformedPayload = frontdoor.ErrMalformed

// errCoalesced marks a delivery that shares the evaluation of one already queued for the same
// pull requests: it is accepted, and takes no queue slot.
var errCoalesced = errors.New("coalesced with a queued delivery for the same pull request")

// intake sits between go-githubapp's dispatcher and its queue scheduler. It rejects malformed
// payloads while GitHub still waits for the response; lets a delivery share the evaluation of
// one still waiting in the queue for the same pull requests (it reads their state when it
// starts, so it covers every event before then), which keeps a burst for a few PRs or one CI
// run from filling the queue; counts the deliveries in flight (queued or running) so shutdown can drain
// them; and reports the queue depth.
type intake struct {
	next     githubapp.Scheduler
	inflight sync.WaitGroup
	depth    atomic.Int64
	onDepth  func(int)

	mu     sync.Mutex
	queued map[string]bool // targets of queued deliveries that have not started yet
}

func newIntake(next githubapp.Scheduler, onDepth func(int)) *intake {
	return &intake{next: next, onDepth: onDepth, queued: map[string]bool{}}
}

// Schedule implements githubapp.Scheduler.
func (in *intake) Schedule(ctx context.Context, d githubapp.Dispatch) error {
	if err := checkPayload(d.EventType, d.Payload); err != nil {
		return err
	}
	key := coalesceKey(d)
	if key != "" && !in.claim(key) {
		return errCoalesced
	}
	in.track(1)
	d.Handler = &trackedHandler{EventHandler: d.Handler, start: func() { in.release(key) }, done: func() { in.track(-1) }}
	if err := in.next.Schedule(ctx, d); err != nil {
		in.release(key)
		in.track(-1)
		return err
	}
	return nil
}

// coalesceKey is the key of the evaluation a delivery would share, or "" when it shares none.
func coalesceKey(d githubapp.Dispatch) string {
	if h, ok := d.Handler.(webhook.Coalescing); ok {
		return h.CoalesceKey(d.EventType, d.Payload)
	}
	return ""
}

// claim marks key queued; false when a delivery for it is queued already.
func (in *intake) claim(key string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.queued[key] {
		return false
	}
	in.queued[key] = true
	return true
}

// release forgets key once its delivery starts: later events need an evaluation of their own.
func (in *intake) release(key string) {
	if key == "" {
		return
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	delete(in.queued, key)
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

// trackedHandler reports when the wrapped handler starts, and when it has finished, however
// it finished.
type trackedHandler struct {
	githubapp.EventHandler
	start, done func()
}

func (h *trackedHandler) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	defer h.done()
	h.start()
	return h.EventHandler.Handle(ctx, eventType, deliveryID, payload)
}
