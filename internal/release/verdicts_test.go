package release

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
)

// Each change says what its verdict rests on: the evaluation recorded at merge wins over any
// other, even one made later; else the last evaluation before the merge; else a fresh one.
// An evaluation made after the merge is never taken for the verdict at merge.
func TestVerdictAtMergeSaysWhereItComesFrom(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	numbers := squashMerges(fake, 3) // #1000, #1001, #1002 merged at minutes 1, 2, 3
	store := newStore(t)
	at := func(minute int, seconds time.Duration) time.Time {
		return t0.Add(time.Duration(minute)*time.Minute + seconds)
	}
	for _, r := range []struct {
		number  int
		at      time.Time
		trigger records.Trigger
		verdict policy.Verdict
	}{
		{numbers[0], at(0, 0), records.TriggerDelivery, policy.VerdictFail},
		{numbers[0], at(1, 2*time.Second), records.TriggerMerge, policy.VerdictPass},
		{numbers[0], at(1, 30*time.Second), records.TriggerReconciler, policy.VerdictFail},
		{numbers[1], at(1, 0), records.TriggerDelivery, policy.VerdictPass},
		{numbers[1], at(2, 500*time.Millisecond), records.TriggerReconciler, policy.VerdictPass},
		{numbers[1], at(2, 40*time.Second), records.TriggerDelivery, policy.VerdictFail},
		{numbers[2], at(3, 10*time.Second), records.TriggerDelivery, policy.VerdictPass},
	} {
		if _, err := store.Append(context.Background(), records.Record{Repo: owner + "/" + repo, Number: r.number, HeadSHA: sha("h"), At: r.at,
			Trigger: r.trigger, Verdict: string(r.verdict), Result: &policy.Result{Class: policy.ClassC, Verdict: r.verdict}}); err != nil {
			t.Fatal(err)
		}
	}
	rec, err := Generate(context.Background(), client(t, fake), githubio.NewReader(), Request{Owner: owner, Repo: repo, From: "v1.0", To: "main", Records: store})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		basis   Basis
		verdict string
		words   string
	}{
		{BasisRecorded, "pass", "| pass |"},
		{BasisLastBeforeMerge, "pass", "pass (last evaluation before the merge)"},
		{BasisFresh, "fail", "fail (evaluated now: no record from merge)"},
	}
	md := Markdown(rec)
	for i, w := range want {
		ch := rec.Changes[i]
		if ch.Basis != w.basis || ch.Verdict != w.verdict {
			t.Errorf("#%d: %s %q; want %s %q", ch.Number, ch.Verdict, ch.Basis, w.verdict, w.basis)
		}
		if !strings.Contains(md, w.words) {
			t.Errorf("#%d: the record does not say %q:\n%s", ch.Number, w.words, md)
		}
	}
}
