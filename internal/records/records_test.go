package records

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL, when a test database is given
	_ "modernc.org/sqlite"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// stores are the databases the records are tested on: SQLite always, and PostgreSQL when
// IEC62304_TEST_DATABASE_URL names one (CI starts one).
func stores(t *testing.T) map[Dialect]*Store {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "records.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	out := map[Dialect]*Store{SQLite: New(db, SQLite)}
	if url := os.Getenv("IEC62304_TEST_DATABASE_URL"); url != "" {
		pg, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pg.Close() })
		if _, err := pg.ExecContext(ctx, `DROP TABLE IF EXISTS iec62304_evaluations`); err != nil {
			t.Fatal(err)
		}
		out[Postgres] = New(pg, Postgres)
	} else {
		t.Log("IEC62304_TEST_DATABASE_URL is not set: records tested on SQLite only (CI sets it)")
	}
	for d, s := range out {
		for i := 0; i < 2; i++ { // migrating twice changes nothing
			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("%s: migrate: %v", d, err)
			}
		}
	}
	return out
}

var at = time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)

func record(number int, trigger Trigger, minutes int, verdict policy.Verdict) Record {
	return Record{
		Repo: "acme-medical/infusion-pump", Number: number, HeadSHA: "1643b4b2", At: at.Add(time.Duration(minutes) * time.Minute),
		Trigger: trigger, DeliveryID: "d-1", BotVersion: "v1.2.3", PolicyBlob: "blob", PolicyRef: "3c1e9a0",
		Class: "C", Verdict: string(verdict), Written: []string{"check run updated"},
		Result: &policy.Result{Class: policy.ClassC, Verdict: verdict, Pull: policy.PullInfo{Repo: "acme-medical/infusion-pump", Number: number}},
	}
}

func TestRecordsAreKeptAsWritten(t *testing.T) {
	ctx := context.Background()
	for dialect, s := range stores(t) {
		t.Run(string(dialect), func(t *testing.T) {
			for _, r := range []Record{record(7, TriggerDelivery, 0, policy.VerdictFail), record(7, TriggerMerge, 5, policy.VerdictPass),
				record(7, TriggerReconciler, 9, policy.VerdictPass), record(8, TriggerDelivery, 1, policy.VerdictPending)} {
				if _, err := s.Append(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			history, err := s.History(ctx, "acme-medical/infusion-pump", 7)
			if err != nil {
				t.Fatal(err)
			}
			if len(history) != 3 || history[0].Verdict != "fail" || history[2].Trigger != TriggerReconciler {
				t.Fatalf("history = %+v; want three records oldest first", history)
			}
			got := history[0]
			want := record(7, TriggerDelivery, 0, policy.VerdictFail)
			want.ID = got.ID
			if got.At != want.At || got.Result.Verdict != policy.VerdictFail || got.PolicyRef != "3c1e9a0" || strings.Join(got.Written, ",") != "check run updated" {
				t.Fatalf("record read back = %+v; want %+v", got, want)
			}
			merge, ok, err := s.AtMerge(ctx, "acme-medical/infusion-pump", 7, at.Add(time.Hour))
			if err != nil || !ok || merge.Trigger != TriggerMerge || merge.Verdict != "pass" {
				t.Fatalf("AtMerge = %+v, %v, %v; want the merge record", merge, ok, err)
			}
			before, ok, err := s.AtMerge(ctx, "acme-medical/infusion-pump", 8, at.Add(time.Hour))
			if err != nil || !ok || before.Verdict != "pending" {
				t.Fatalf("AtMerge without a merge record = %+v, %v, %v; want the last record before the merge", before, ok, err)
			}
			if _, ok, _ := s.AtMerge(ctx, "acme-medical/infusion-pump", 8, at); ok {
				t.Fatal("AtMerge used a record made after the merge")
			}
			inTheSecond := record(9, TriggerDelivery, 0, policy.VerdictPass)
			inTheSecond.At = at.Add(400 * time.Millisecond)
			if _, err := s.Append(ctx, inTheSecond); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := s.AtMerge(ctx, "acme-medical/infusion-pump", 9, at); !ok {
				t.Fatal("AtMerge missed the evaluation made in the merge's second (GitHub's merged_at has whole seconds)")
			}
		})
	}
}

func TestRecordsCannotBeRewritten(t *testing.T) {
	ctx := context.Background()
	for dialect, s := range stores(t) {
		t.Run(string(dialect), func(t *testing.T) {
			id, err := s.Append(ctx, record(7, TriggerDelivery, 0, policy.VerdictFail))
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.db.ExecContext(ctx, `UPDATE iec62304_evaluations SET verdict = 'pass' WHERE id = $1`, id)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("UPDATE of a record = %v; want it refused as append-only", err)
			}
		})
	}
}

func TestPruneDeletesOnlyOlderRecords(t *testing.T) {
	ctx := context.Background()
	for dialect, s := range stores(t) {
		t.Run(string(dialect), func(t *testing.T) {
			for m := range 4 {
				if _, err := s.Append(ctx, record(7, TriggerDelivery, m*60, policy.VerdictPass)); err != nil {
					t.Fatal(err)
				}
			}
			n, err := s.Prune(ctx, at.Add(90*time.Minute))
			if err != nil || n != 2 {
				t.Fatalf("Prune = %d, %v; want 2 deleted", n, err)
			}
			history, _ := s.History(ctx, "acme-medical/infusion-pump", 7)
			if len(history) != 2 || history[0].At != at.Add(120*time.Minute) {
				t.Fatalf("after prune: %+v", history)
			}
		})
	}
}

func TestLastEvaluatedPerPullAndHead(t *testing.T) {
	ctx := context.Background()
	for dialect, s := range stores(t) {
		t.Run(string(dialect), func(t *testing.T) {
			newHead := record(7, TriggerDelivery, 12, policy.VerdictFail)
			newHead.HeadSHA = "77aa01"
			elsewhere := record(7, TriggerDelivery, 30, policy.VerdictFail)
			elsewhere.Repo = "acme-medical/docs"
			for _, r := range []Record{record(7, TriggerDelivery, 0, policy.VerdictFail), record(7, TriggerReconciler, 9, policy.VerdictPass),
				newHead, record(8, TriggerDelivery, 1, policy.VerdictPending), elsewhere} {
				if _, err := s.Append(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.LastEvaluated(ctx, "acme-medical/infusion-pump")
			if err != nil {
				t.Fatal(err)
			}
			want := map[PullHead]time.Time{{7, "1643b4b2"}: at.Add(9 * time.Minute), {7, "77aa01"}: at.Add(12 * time.Minute), {8, "1643b4b2"}: at.Add(time.Minute)}
			if len(got) != len(want) {
				t.Fatalf("LastEvaluated = %v, want %v", got, want)
			}
			for k, w := range want {
				if !got[k].Equal(w) {
					t.Errorf("LastEvaluated[%v] = %s, want %s", k, got[k], w)
				}
			}
		})
	}
}
