package queue_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
)

// BenchmarkStore stores a burst of 2000 real pull_request deliveries (about 20 KB each) from
// 64 concurrent callers on SQLite, as the front door does after the signature check, while a
// delivery worker takes them and the next commits delete their payloads. It reports the time
// each Store took (p50, p99): the front door's answer without the HTTP around it, nor the
// evaluations a server runs meanwhile.
//
//	go test -run XXX -bench Store -benchtime 3x ./internal/queue/
func BenchmarkStore(b *testing.B) {
	payload, err := os.ReadFile("../githubfake/testdata/webhooks/pull_request.opened.json")
	if err != nil {
		b.Fatal(err)
	}
	const deliveries, callers = 2000, 64
	ignore := handlerFunc{event: "pull_request", fn: func(context.Context, *delivery.Delivery) error { return nil }}
	q := open(b, func(q *queue.Queue) { queue.Register(q, queue.NewDeliveryWorker(q, []delivery.Handler{ignore})) })
	var took []time.Duration
	b.ResetTimer()
	for round := range b.N {
		lat := make([]time.Duration, deliveries)
		var wg sync.WaitGroup
		for c := range callers {
			wg.Go(func() {
				for i := c; i < deliveries; i += callers {
					start := time.Now()
					if err := q.Store(context.Background(), queue.Delivery{ID: fmt.Sprintf("r%d-%d", round, i), Event: "pull_request", Payload: payload}); err != nil {
						b.Error(err)
					}
					lat[i] = time.Since(start)
				}
			})
		}
		wg.Wait()
		took = append(took, lat...)
	}
	slices.Sort(took)
	ms := func(p int) float64 { return float64(took[(len(took)-1)*p/100]) / float64(time.Millisecond) }
	b.ReportMetric(ms(50), "p50-ms")
	b.ReportMetric(ms(99), "p99-ms")
}

// The commits that answer deliveries never copy the write-ahead log into the database file
// (automatic checkpoints are off on their connection); the checkpointer does, meanwhile.
func TestCheckpointsRunOffTheCommitPath(t *testing.T) {
	payload, err := os.ReadFile("../githubfake/testdata/webhooks/pull_request.opened.json")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "queue.db")
	q, err := queue.Open(context.Background(), "sqlite://"+path, zerolog.Nop(), queue.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	held := make(chan struct{}) // deliveries are not handled, so their payloads stay
	hold := handlerFunc{event: "pull_request", fn: func(context.Context, *delivery.Delivery) error { <-held; return nil }}
	queue.Register(q, queue.NewDeliveryWorker(q, []delivery.Handler{hold}))
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { close(held); q.StopWorking(5 * time.Second); q.Close() })
	db, _ := q.DB()
	var every int
	if err := db.QueryRow("PRAGMA wal_autocheckpoint").Scan(&every); err != nil || every != 0 {
		t.Errorf("wal_autocheckpoint = %d (%v), want 0: commits would checkpoint", every, err)
	}
	const n = 200 // about 5 MB of payloads, past SQLite's default threshold of 4 MB
	for i := range n {
		if err := q.Store(context.Background(), queue.Delivery{ID: fmt.Sprint("d", i), Event: "pull_request", Payload: payload}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the payloads checkpointed into the database file", func() bool {
		info, err := os.Stat(path)
		return err == nil && info.Size() > int64(n*len(payload))
	})
}
