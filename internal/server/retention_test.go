package server_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
)

// IEC62304_RECORDS_RETENTION=2y: the server deletes the records older than two years when it
// starts, keeps the younger ones, and counts what it deleted.
func TestRetentionPrunesOldRecords(t *testing.T) {
	ctx := context.Background()
	url := "sqlite://" + filepath.Join(t.TempDir(), "bot.db")
	db, kind, closeDB, err := queue.OpenSQL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	store := records.New(db, records.Dialect(kind))
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for n, at := range map[int]time.Time{1: time.Now().AddDate(-3, 0, 0), 2: time.Now().AddDate(-1, 0, 0)} {
		if _, err := store.Append(ctx, records.Record{Repo: owner + "/" + repo, Number: n, HeadSHA: "1643b4b2", At: at, Trigger: records.TriggerDelivery, Verdict: "pass"}); err != nil {
			t.Fatal(err)
		}
	}
	closeDB()

	h := startWith(t, harness.Options{DatabaseURL: url, RecordsRetention: "2y"})
	deadline := time.Now().Add(harness.IdleTimeout)
	for !strings.Contains(metrics(t, h), "iec62304_records_pruned_total 1") {
		if time.Now().After(deadline) {
			t.Fatalf("the record older than the retention was not pruned:\n%s", metrics(t, h))
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.Stop()
	db, _, closeDB, err = queue.OpenSQL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	store = records.New(db, records.Dialect(kind))
	for n, want := range map[int]int{1: 0, 2: 1} {
		if history, err := store.History(ctx, owner+"/"+repo, n); err != nil || len(history) != want {
			t.Errorf("#%d: %d records (%v), want %d", n, len(history), err, want)
		}
	}
}
