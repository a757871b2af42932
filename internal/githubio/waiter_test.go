package githubio_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

// waitingClient is a client that sends through w, and the waits w announced.
func waitingClient(fake *githubfake.Server, w *githubio.Waiter) (*github.Client, func() []githubio.Wait) {
	var mu sync.Mutex
	var waits []githubio.Wait
	w.Notify = func(wait githubio.Wait) {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, wait)
	}
	client := github.NewClient(&http.Client{Transport: w.Wrap(http.DefaultTransport)})
	client.BaseURL, _ = url.Parse(fake.URL())
	return client, func() []githubio.Wait {
		mu.Lock()
		defer mu.Unlock()
		return append([]githubio.Wait(nil), waits...)
	}
}

// Calls beyond the budget wait for the window's reset and go through, from goroutines at
// once, with one announcement per reset; go-github never refuses a call on its own.
func TestWaiterWaitsOutThePrimaryLimit(t *testing.T) {
	fake := githubfake.New(githubfake.WithRateLimit(3, time.Second))
	defer fake.Close()
	fake.AddRepo(owner, repo, "main")
	client, waits := waitingClient(fake, &githubio.Waiter{Max: time.Minute})
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for range 5 {
		wg.Go(func() {
			_, _, err := client.Repositories.Get(context.Background(), owner, repo)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a call failed instead of waiting: %v", err)
		}
	}
	got := waits()
	if len(got) == 0 || got[0].Secondary || got[len(got)-1].Waited > 10*time.Second {
		t.Fatalf("waits = %+v; want waits for the primary limit (5 calls, 3 a window), a few seconds in all", got)
	}
}

// A secondary limit's Retry-After is waited out and the call sent again.
func TestWaiterWaitsOutASecondaryLimit(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	fake.AddRepo(owner, repo, "main")
	fake.InjectFault(githubfake.Fault{Endpoint: "GET /repos/{owner}/{repo}", Status: http.StatusTooManyRequests, RetryAfter: time.Second, Times: 1})
	client, waits := waitingClient(fake, &githubio.Waiter{Max: time.Minute})
	if _, _, err := client.Repositories.Get(context.Background(), owner, repo); err != nil {
		t.Fatalf("call after a secondary limit: %v", err)
	}
	if got := waits(); len(got) != 1 || !got[0].Secondary || got[0].Waited > 2*time.Second {
		t.Fatalf("waits = %+v; want one secondary wait of about a second", got)
	}
}

// A wait longer than Max is not taken: the refusal reaches the caller at once, and the Waiter
// says which wait it refused.
func TestWaiterStopsPastMax(t *testing.T) {
	fake := githubfake.New(githubfake.WithRateLimit(1, time.Hour))
	defer fake.Close()
	fake.AddRepo(owner, repo, "main")
	w := &githubio.Waiter{Max: time.Minute}
	client, waits := waitingClient(fake, w)
	start := time.Now()
	_, _, first := client.Repositories.Get(context.Background(), owner, repo)
	_, _, second := client.Repositories.Get(context.Background(), owner, repo)
	var limited *github.RateLimitError
	if first != nil || !errors.As(second, &limited) || time.Since(start) > 10*time.Second {
		t.Fatalf("first %v, second %v after %s; want the second refused at once", first, second, time.Since(start))
	}
	refused, ok := w.Refused()
	if !ok || refused.Waited < 50*time.Minute || len(waits()) != 0 || w.Waited() != 0 {
		t.Fatalf("refused %+v (%v), waits %+v; want the hour's wait refused and none taken", refused, ok, waits())
	}
}
