package release

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
)

// squashMerges seeds v1.0 and then n pull requests, #1000 upwards, each squash-merged a minute
// after the last, and returns their numbers.
func squashMerges(fake *githubfake.Server, n int) []int {
	fake.PushCommits(owner, repo, "main", commit("v1", 0))
	fake.Tag(owner, repo, "v1.0", sha("v1"))
	fake.SetFile(owner, repo, "main", ".github/iec62304.yml", []byte(policyFile))
	parent, numbers := "v1", make([]int, n)
	for i := range n {
		number := 1000 + i
		name := fmt.Sprintf("sq%d", number)
		merged(fake, number, fmt.Sprintf("Change %d", number), "", name, i+1, commit(fmt.Sprintf("br%d", number), i+1, parent))
		fake.PushCommits(owner, repo, "main", commit(name, i+1, parent))
		parent, numbers[i] = name, number
	}
	return numbers
}

// recordedAtMerge stores a passing merge-time evaluation of each pull request, as the app
// would have.
func recordedAtMerge(t *testing.T, numbers []int) *records.Store {
	t.Helper()
	store := newStore(t)
	for i, n := range numbers {
		if _, err := store.Append(context.Background(), records.Record{Repo: owner + "/" + repo, Number: n, HeadSHA: sha(fmt.Sprintf("br%d", n)),
			At: t0.Add(time.Duration(i+1) * time.Minute), Trigger: records.TriggerMerge, Class: "C", Verdict: "pass",
			Result: &policy.Result{Class: policy.ClassC, Verdict: policy.VerdictPass}}); err != nil {
			t.Fatal(err)
		}
	}
	return store
}

// A release of 1000 pull requests, each with its evaluation recorded at merge, costs a few
// dozen API calls: the compare and the closed pull requests a page of 100 at a time, and no
// pull request read again. The fake refuses calls beyond GitHub's 5000 an hour.
func TestThousandPullRequestsWithinTheRateLimit(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	numbers := squashMerges(fake, 1000)
	store := recordedAtMerge(t, numbers)
	fake.ResetCalls()

	rec, err := Generate(context.Background(), client(t, fake), githubio.NewReader(), Request{
		Owner: owner, Repo: repo, From: "v1.0", To: "main", Records: store, Calls: func() int { return len(fake.Calls()) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Changes) != 1000 || len(rec.Deviations) != 0 {
		t.Fatalf("%d changes, %d deviations; want 1000 changes that followed the process", len(rec.Changes), len(rec.Deviations))
	}
	for _, ch := range rec.Changes {
		if ch.Basis != BasisRecorded {
			t.Fatalf("#%d judged %q; want the record made at merge", ch.Number, ch.Basis)
		}
	}
	calls := fake.Calls()
	t.Logf("1000 recorded pull requests: %d GitHub API calls", len(calls))
	// 10 compare pages + 10 pages of closed pull requests + policy, problem reports, SOUP list.
	if len(calls) > 30 || rec.APICalls != len(calls) {
		t.Fatalf("%d API calls (record says %d); want at most 30:\n%v", len(calls), rec.APICalls, calls)
	}
}

// Without records each pull request is evaluated afresh: that costs a handful of calls each,
// which docs/audit.md states so an operator knows what a first report of an old range costs.
func TestFreshEvaluationCostPerPullRequest(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	squashMerges(fake, 50)
	fake.ResetCalls()
	rec, err := Generate(context.Background(), client(t, fake), githubio.NewReader(), Request{Owner: owner, Repo: repo, From: "v1.0", To: "main"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range rec.Changes {
		if ch.Basis != BasisFresh {
			t.Fatalf("#%d judged %q (%s); want evaluated now", ch.Number, ch.Basis, ch.Problem)
		}
	}
	calls := len(fake.Calls())
	t.Logf("50 pull requests without records: %d GitHub API calls", calls)
	if calls > 50*10+10 {
		t.Fatalf("%d API calls for 50 fresh evaluations; want at most 10 each", calls)
	}
}

// A first record of a long range without records can cost more than GitHub allows an hour:
// it stops with the wait GitHub names, rather than flag every later pull request as not
// evaluated.
func TestSpentRateLimitStopsTheRecord(t *testing.T) {
	fake := githubfake.New(githubfake.WithRateLimit(100, time.Hour))
	defer fake.Close()
	squashMerges(fake, 50)
	_, err := Generate(context.Background(), client(t, fake), githubio.NewReader(), Request{Owner: owner, Repo: repo, From: "v1.0", To: "main"})
	if err == nil || !strings.Contains(err.Error(), "GitHub's rate limit ran out while evaluating #") || !strings.Contains(err.Error(), "run again in") {
		t.Fatalf("Generate past the rate limit = %v; want it to stop and say when to run again", err)
	}
}
