package queue

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A replica whose heartbeat lapsed cancels the jobs running in it, with the reason, and jobs
// that start after its heartbeat came back run normally.
func TestFenceCancelsRunningJobsWhileTheHeartbeatIsLapsed(t *testing.T) {
	f := newFence()
	m := &fenceMiddleware{fence: f}
	running := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- m.Work(context.Background(), nil, func(ctx context.Context) error {
			close(running)
			<-ctx.Done()
			return context.Cause(ctx)
		})
	}()
	<-running
	f.lapse()
	select {
	case err := <-done:
		if !errors.Is(err, errFenced) {
			t.Errorf("the running job ended with %v, want errFenced", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the running job was not cancelled when the heartbeat lapsed")
	}

	f.restore()
	err := m.Work(context.Background(), nil, func(ctx context.Context) error { return ctx.Err() })
	if err != nil {
		t.Errorf("a job after the heartbeat came back saw %v", err)
	}
}
