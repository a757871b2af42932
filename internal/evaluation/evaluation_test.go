package evaluation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"
)

func TestCoalescerRunsOneAtATimeAndGoesRoundAgain(t *testing.T) {
	var c coalescer
	var running, maxRunning, rounds atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	fn := func() error {
		n := running.Add(1)
		defer running.Add(-1)
		if n > maxRunning.Load() {
			maxRunning.Store(n)
		}
		if rounds.Add(1) == 1 {
			started <- struct{}{}
			<-release
		}
		return nil
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); c.do("acme/pump#1", fn) }()
	<-started
	for i := 0; i < 10; i++ {
		if ran, _ := c.do("acme/pump#1", fn); ran {
			t.Fatal("a request ran while one was running for the same PR")
		}
	}
	close(release)
	wg.Wait()
	if rounds.Load() != 2 || maxRunning.Load() != 1 {
		t.Errorf("%d rounds with up to %d at once, want 2 rounds (the running one, then one more) one at a time", rounds.Load(), maxRunning.Load())
	}
	if ran, _ := c.do("acme/pump#1", fn); !ran {
		t.Error("after the burst a new request did not run")
	}
}

func errorResponse(status int) error {
	return &github.ErrorResponse{Response: &http.Response{StatusCode: status, Request: &http.Request{Method: "GET"}}}
}

func TestRetry(t *testing.T) {
	policy := RetryPolicy{Attempts: 3, Backoff: time.Millisecond, MaxWait: 5 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond}
	tests := []struct {
		name    string
		errs    []error
		calls   int
		wantErr bool
	}{
		{"success at once", []error{nil}, 1, false},
		{"502 then success", []error{errorResponse(502), nil}, 2, false},
		{"secondary rate limit then success", []error{&github.AbuseRateLimitError{RetryAfter: ptr(10 * time.Millisecond)}, nil}, 2, false},
		{"404 is permanent", []error{errorResponse(404)}, 1, true},
		{"422 is permanent", []error{errorResponse(422)}, 1, true},
		{"gives up after the attempts", []error{errorResponse(500), errorResponse(500), errorResponse(500)}, 3, true},
		{"a long Retry-After is not waited for", []error{&github.AbuseRateLimitError{RetryAfter: ptr(time.Hour)}}, 1, true},
		{"wrapped errors are seen through", []error{fmt.Errorf("create check run: %w", errorResponse(503)), nil}, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := policy.run(context.Background(), func() error {
				calls++
				return tt.errs[calls-1]
			})
			if calls != tt.calls || (err != nil) != tt.wantErr {
				t.Errorf("%d calls, error %v; want %d calls, error %v", calls, err, tt.calls, tt.wantErr)
			}
		})
	}
}

func TestRetryStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	policy := RetryPolicy{Attempts: 5, Backoff: time.Hour, MaxWait: time.Hour, MaxRetryAfter: time.Hour}
	err := policy.run(ctx, func() error { return errorResponse(502) })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want it to report the cancelled context", err)
	}
}

func ptr[T any](v T) *T { return &v }
