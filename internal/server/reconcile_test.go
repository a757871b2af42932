package server_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// waitVerdict waits until the app's check run on s's head shows conclusion.
func waitVerdict(t *testing.T, h *harness.Harness, s *snapshot.Snapshot, conclusion string) {
	t.Helper()
	for deadline := time.Now().Add(harness.IdleTimeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if runs, _ := ours(h, s); len(runs) == 1 && runs[0].GetConclusion() == conclusion {
			return
		}
	}
	runs, _ := ours(h, s)
	t.Fatalf("#%d: check runs %v, want one concluding %s", s.Pull.GetNumber(), runs, conclusion)
}

// No webhook is ever sent here. The app, installed on a repository with open pull requests,
// evaluates them at start-up; a pull request changed while the app was down (its approvals
// replaced by the author's own) is repaired when it starts again; one that did not change is
// left alone; and a run where nothing changed queues nothing and costs no rate limit.
func TestReconcilerRepairsWhatChangedWhileTheAppWasDown(t *testing.T) {
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	database := "sqlite://" + filepath.Join(t.TempDir(), "queue.db")
	passing, unchanged := load(t, "class-c-pass"), load(t, "class-c-fail")
	fake.AddSnapshot(passing)
	fake.AddSnapshot(unchanged)

	first := startWith(t, harness.Options{GitHub: fake, DatabaseURL: database, Reconcile: true})
	waitVerdict(t, first, passing, "success")
	waitVerdict(t, first, unchanged, "failure")
	if err := first.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}

	// While the app is down, the approvals on #31's head are replaced by the author's own.
	fake.ReplacePull(load(t, "class-c-approved-by-author"))
	// GitHub's updated_at has whole seconds, so the reconciler takes an evaluation in the
	// second of a change as possibly before it; the app starts a second later, so that the
	// repair is the only evaluation this change causes.
	time.Sleep(time.Second)

	second := startWith(t, harness.Options{GitHub: fake, DatabaseURL: database, Reconcile: true})
	waitVerdict(t, second, passing, "failure")
	if err := second.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
	wantOne(t, second, passing, "completed", "failure", 1)
	wantOne(t, second, unchanged, "completed", "failure", 1)
	if m := metrics(t, second); !strings.Contains(m, `iec62304_reconciler_repairs_total{reason="changed"} 1`) ||
		strings.Contains(m, `reason="missing"`) || !strings.Contains(m, "iec62304_reconciler_pulls_examined_total 2") {
		t.Errorf("metrics after the repair: want one repair for a change, of two pull requests examined:\n%s", grep(m, "iec62304_reconciler_"))
	}

	// Asked again with nothing changed: the first run reads the check run the repair wrote
	// (one unit), the next reads nothing new at all.
	for i, limit := range []int{1, 0} {
		fake.ResetCalls()
		if err := second.Server.Reconcile(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := second.WaitIdle(harness.IdleTimeout); err != nil {
			t.Fatal(err)
		}
		calls := fake.Calls()
		t.Logf("run %d with nothing changed: %d requests, %d rate-limit units", i+1, len(calls), githubfake.RateLimitUnits(calls))
		if units := githubfake.RateLimitUnits(calls); units > limit {
			t.Errorf("run %d with nothing changed cost %d rate-limit units, want at most %d: %+v", i+1, units, limit, calls)
		}
		for _, c := range calls {
			if c.Write() || c.Path == "/repos/"+owner+"/"+repo+"/pulls/31" || c.Path == "/repos/"+owner+"/"+repo+"/pulls/32" {
				t.Errorf("run %d with nothing changed evaluated: %s %s", i+1, c.Method, c.Path)
			}
		}
	}
	if err := second.Stop(); err != nil {
		t.Fatal(err)
	}
	wantTriggers(t, database, 31, records.TriggerReconciler, records.TriggerReconciler)
	wantTriggers(t, database, 32, records.TriggerReconciler)
}

// wantTriggers checks what caused each evaluation of a pull request, oldest first.
func wantTriggers(t *testing.T, database string, number int, want ...records.Trigger) {
	t.Helper()
	db, err := sql.Open("sqlite", database[len("sqlite://"):])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	history, err := records.New(db, records.SQLite).History(context.Background(), owner+"/"+repo, number)
	if err != nil {
		t.Fatal(err)
	}
	var got []records.Trigger
	for _, r := range history {
		got = append(got, r.Trigger)
	}
	if len(got) != len(want) {
		t.Fatalf("#%d evaluated %d times (%v), want %v", number, len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("#%d evaluation %d caused by %s, want %s", number, i+1, got[i], want[i])
		}
	}
}

// A run queues at most the budget's evaluations per repository, the lowest numbers first; the
// next run goes on where it stopped, and says where it stopped in its metrics.
func TestReconcilerSpendsItsBudgetPerRun(t *testing.T) {
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	var pulls []*snapshot.Snapshot
	for _, name := range []string{"class-a-fail", "class-b-pass", "class-b-fail", "class-c-fail"} {
		s := load(t, name)
		fake.AddSnapshot(s)
		pulls = append(pulls, s)
	}
	h := startWith(t, harness.Options{GitHub: fake, Reconcile: true, ReconcileBudget: 2})
	evaluated := func() (numbers []int) {
		for _, s := range pulls {
			if runs, _ := ours(h, s); len(runs) > 0 {
				numbers = append(numbers, s.Pull.GetNumber())
			}
		}
		return numbers
	}
	for deadline := time.Now().Add(harness.IdleTimeout); len(evaluated()) < 2 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if err := h.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
	for run, want := range []string{"[12 21]", "[12 21 22 32]", "[12 21 22 32]"} {
		if run > 0 {
			if err := h.Server.Reconcile(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := h.WaitIdle(harness.IdleTimeout); err != nil {
				t.Fatal(err)
			}
		}
		if got := fmt.Sprint(evaluated()); got != want {
			t.Errorf("after run %d: pull requests with a check run %s, want %s", run+1, got, want)
		}
	}
	if m := metrics(t, h); !strings.Contains(m, `iec62304_reconciler_repairs_total{reason="missing"} 4`) ||
		!strings.Contains(m, `iec62304_reconciler_stopped_total{why="budget"} 1`) {
		t.Errorf("metrics: want 4 repairs of missing check runs and one pass stopped by the budget:\n%s", grep(m, "iec62304_reconciler_"))
	}
}

// grep keeps the lines of text that contain s.
func grep(text, s string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
