package queue_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
)

// With a retention set, the queue prunes the records older than it when it starts (and daily
// after), says how many, and keeps every younger one.
func TestRecordsOlderThanTheRetentionArePruned(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	retention := 2 * 365 * 24 * time.Hour
	var store *records.Store
	var pruned atomic.Int64
	var logs harness.LogBuffer
	open(t, func(q *queue.Queue) {
		db, kind := q.DB()
		store = records.New(db, records.Dialect(kind))
		if err := store.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for n, age := range map[int]time.Duration{1: retention + time.Hour, 2: retention + 24*time.Hour, 3: retention - time.Hour, 4: 0} {
			if _, err := store.Append(ctx, records.Record{Repo: "acme-medical/infusion-pump", Number: n, HeadSHA: "1643b4b2", At: now.Add(-age),
				Trigger: records.TriggerDelivery, Verdict: "pass"}); err != nil {
				t.Fatal(err)
			}
		}
		queue.PruneRecords(q, &queue.PruneRecordsWorker{Records: store, Retention: retention, Logger: zerolog.New(&logs),
			Pruned: func(n int64) { pruned.Add(n) }, Now: func() time.Time { return now }})
	})
	waitFor(t, "the records to be pruned", func() bool { return pruned.Load() > 0 })
	if pruned.Load() != 2 {
		t.Fatalf("pruned %d records, want the 2 older than the retention", pruned.Load())
	}
	for n, want := range map[int]int{1: 0, 2: 0, 3: 1, 4: 1} {
		history, err := store.History(ctx, "acme-medical/infusion-pump", n)
		if err != nil || len(history) != want {
			t.Errorf("#%d: %d records (%v), want %d", n, len(history), err, want)
		}
	}
	if !strings.Contains(logs.String(), `"records_pruned":2`) {
		t.Errorf("no log line says what was pruned: %q", logs.String())
	}
}
