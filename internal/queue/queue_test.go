package queue_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
)

// open starts a queue on a fresh SQLite file with the given workers registered.
func open(t testing.TB, register func(q *queue.Queue)) *queue.Queue {
	t.Helper()
	url := "sqlite://" + filepath.Join(t.TempDir(), "queue.db")
	// The race detector slows SQLite; an evaluation the test holds must not time out meanwhile.
	settings := queue.Settings{PollInterval: 100 * time.Millisecond, Retry: queue.Backoff{First: 10 * time.Millisecond}, JobTimeout: 5 * time.Minute}
	q, err := queue.Open(context.Background(), url, zerolog.Nop(), settings)
	if err != nil {
		t.Fatal(err)
	}
	register(q)
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.StopWorking(5 * time.Second); q.Close() })
	return q
}

// countingEvaluator records evaluations; the first of each pull request blocks until released.
type countingEvaluator struct {
	mu         sync.Mutex
	runs       map[string]int
	running    map[string]int
	overlapped atomic.Bool
	started    chan string
	release    chan struct{}
}

func newCountingEvaluator() *countingEvaluator {
	return &countingEvaluator{runs: map[string]int{}, running: map[string]int{}, started: make(chan string, 100), release: make(chan struct{})}
}

func (e *countingEvaluator) Evaluate(ctx context.Context, t evaluation.Target) error {
	key := t.String()
	e.mu.Lock()
	e.runs[key]++
	first := e.runs[key] == 1
	e.running[key]++
	if e.running[key] > 1 {
		e.overlapped.Store(true)
	}
	e.mu.Unlock()
	if first {
		e.started <- key
		select {
		case <-e.release:
		case <-ctx.Done(): // the job timed out: River runs it again
		}
	}
	e.mu.Lock()
	e.running[key]--
	e.mu.Unlock()
	return nil
}

func (e *countingEvaluator) count(key string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.runs[key]
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second) // SQLite under the race detector on a busy machine is slow
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Requests that wait together share one evaluation; one that arrives while the pull request is
// being evaluated leads to exactly one more, never run beside the first.
func TestEvaluationsCoalesceAndNeverOverlap(t *testing.T) {
	ev := newCountingEvaluator()
	q := open(t, func(q *queue.Queue) { queue.Register(q, &queue.EvaluateWorker{Queue: q, Evaluator: ev}) })
	pr := evaluation.Target{InstallationID: 1, Owner: "acme", Repo: "pump", Number: 7}
	ctx := context.Background()
	if err := q.Evaluate(ctx, pr); err != nil {
		t.Fatal(err)
	}
	<-ev.started // the first evaluation is running
	for i := 0; i < 20; i++ {
		if err := q.Evaluate(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(200 * time.Millisecond) // the waiting job may try for the lease meanwhile
	close(ev.release)
	waitFor(t, "the second evaluation", func() bool { return ev.count(pr.String()) >= 2 })
	time.Sleep(300 * time.Millisecond)
	if n := ev.count(pr.String()); n != 2 && !(raceEnabled && n == 3) {
		t.Errorf("%d evaluations, want 2: the running one and one for the requests during it", n)
	}
	if ev.overlapped.Load() {
		t.Error("two evaluations of one pull request ran at once")
	}
	// After it is all done, a new request gets an evaluation of its own.
	if err := q.Evaluate(ctx, pr); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a third evaluation", func() bool { return ev.count(pr.String()) == 3 })
}

// handlerFunc is a delivery handler for one event.
type handlerFunc struct {
	event string
	fn    func(ctx context.Context, d *delivery.Delivery) error
}

func (h handlerFunc) Handles() []string                                      { return []string{h.event} }
func (h handlerFunc) Handle(ctx context.Context, d *delivery.Delivery) error { return h.fn(ctx, d) }

// A stored delivery reaches its event's handler exactly once, decoded into go-github's type
// for its event, concurrent stores share commits,
// a redelivery (GitHub repeats the delivery's id) is handled again, a handled delivery's
// payload is deleted, and a payload that is not JSON is refused before it is stored.
func TestStoredDeliveriesReachTheirHandler(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	h := handlerFunc{event: "pull_request", fn: func(_ context.Context, d *delivery.Delivery) error {
		if _, err := delivery.PayloadOf[*github.PullRequestEvent](d); err != nil {
			t.Error(err)
		}
		mu.Lock()
		seen[d.ID]++
		mu.Unlock()
		return nil
	}}
	q := open(t, func(q *queue.Queue) {
		queue.Register(q, queue.NewDeliveryWorker(q, []delivery.Handler{h}))
	})
	const n = 100
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := []byte(`{"action":"opened","installation":{"id":1},"repository":{"name":"pump","owner":{"login":"acme"}}}`)
			if err := q.Store(context.Background(), queue.Delivery{ID: fmt.Sprint("d", i), Event: "pull_request", Payload: body}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	waitFor(t, "every delivery handled", func() bool { mu.Lock(); defer mu.Unlock(); return len(seen) == n })
	for id, times := range seen {
		if times != 1 {
			t.Errorf("delivery %s handled %d times", id, times)
		}
	}
	redelivered := []byte(`{"action":"opened","installation":{"id":1},"repository":{"name":"pump","owner":{"login":"acme"}}}`)
	if err := q.Store(context.Background(), queue.Delivery{ID: "d0", Event: "pull_request", Payload: redelivered}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the redelivery handled", func() bool { mu.Lock(); defer mu.Unlock(); return seen["d0"] == 2 })
	db, _ := q.DB()
	waitFor(t, "every payload deleted", func() bool {
		var left int
		return db.QueryRow("SELECT count(*) FROM iec62304_delivery_payload").Scan(&left) == nil && left == 0
	})
	if err := q.Store(context.Background(), queue.Delivery{ID: "bad", Event: "pull_request", Payload: []byte(`{"action":`)}); err == nil {
		t.Error("a payload that is not JSON was stored")
	}
}

// The front door looks only at a payload's outer braces; one that passes and still is not JSON
// is stored, fails in the worker without reaching a handler until River discards it (the
// server's classifier fails it for good at once: delivery.ErrMalformed is not transient), and
// its payload is deleted.
func TestAPayloadThatIsNotJSONFailsInTheWorkerForGood(t *testing.T) {
	handled := make(chan string, 1)
	h := handlerFunc{event: "pull_request", fn: func(_ context.Context, d *delivery.Delivery) error { handled <- d.ID; return nil }}
	q := open(t, func(q *queue.Queue) { queue.Register(q, queue.NewDeliveryWorker(q, []delivery.Handler{h})) })
	if err := q.Store(context.Background(), queue.Delivery{ID: "odd", Event: "pull_request", Payload: []byte(`{"action": opened}`)}); err != nil {
		t.Fatal(err)
	}
	db, _ := q.DB()
	waitFor(t, "the delivery's job discarded", func() bool {
		var state string
		return db.QueryRow("SELECT state FROM river_job WHERE kind = 'webhook_delivery'").Scan(&state) == nil && state == "discarded"
	})
	waitFor(t, "its payload deleted", func() bool {
		var left int
		return db.QueryRow("SELECT count(*) FROM iec62304_delivery_payload").Scan(&left) == nil && left == 0
	})
	select {
	case id := <-handled:
		t.Errorf("delivery %s reached the handler", id)
	default:
	}
}
