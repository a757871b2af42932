package queue

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// A job waits while the front door receives deliveries, starts once it is done, and is never
// held longer than the bound however long the front door stays busy.
func TestJobsLetTheFrontDoorGoFirst(t *testing.T) {
	var busy atomic.Bool
	busy.Store(true)
	started := make(chan struct{})
	m := &yieldMiddleware{busy: busy.Load, max: time.Hour}
	go func() {
		_ = m.Work(context.Background(), nil, func(context.Context) error { close(started); return nil })
	}()
	select {
	case <-started:
		t.Fatal("the job started while the front door was busy")
	case <-time.After(50 * time.Millisecond):
	}
	busy.Store(false)
	<-started // once the front door is idle, the job starts

	never := &yieldMiddleware{busy: func() bool { return true }, max: 10 * time.Millisecond}
	ran := false
	if err := never.Work(context.Background(), nil, func(context.Context) error { ran = true; return nil }); err != nil || !ran {
		t.Errorf("a front door that never rests held the job for good: ran %v, %v", ran, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	held := &yieldMiddleware{busy: func() bool { return true }, max: time.Hour}
	if err := held.Work(ctx, nil, func(context.Context) error { t.Error("a cancelled job ran"); return nil }); err == nil {
		t.Error("a cancelled job waiting for the front door returned no error")
	}
}
