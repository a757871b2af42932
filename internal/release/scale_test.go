package release

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

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

// Without records each pull request is evaluated afresh: that costs five calls each (its
// files, commits, reviews, check runs and commit statuses; the pull request itself came with
// the list, and the base branch's policy is read once), and one more for each that did not
// pass (who merged it, which GitHub's lists leave out), which docs/audit.md states so an
// operator knows what a first report of an old range costs.
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
	notPassing := 0
	for _, d := range rec.Deviations {
		if d.Kind == DeviationNotPassing {
			notPassing++
		}
	}
	calls := len(fake.Calls())
	t.Logf("50 pull requests without records, %d not passing: %d GitHub API calls", notPassing, calls)
	if calls > 50*5+notPassing+10 {
		t.Fatalf("%d API calls for 50 fresh evaluations, %d not passing; want at most 5 each and 1 per one not passing", calls, notPassing)
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
	var limited *RateLimitedError
	if !errors.As(err, &limited) || !strings.Contains(err.Error(), "GitHub's rate limit ran out while evaluating #") || !strings.Contains(err.Error(), "run again in") ||
		strings.Contains(err.Error(), "GET ") || limited.Wait < 59*time.Minute {
		t.Fatalf("Generate past the rate limit = %v; want it to stop and say when to run again, in a line", err)
	}
	if wait, transient := githubio.RetryAfter(err); !transient || wait < 59*time.Minute {
		t.Errorf("RetryAfter(%v) = %s, %v; want the refused calls still inside, for callers that classify them", err, wait, transient)
	}
}

// numbered is count changed files named by pattern.
func numbered(pattern string, count int) []*github.CommitFile {
	files := make([]*github.CommitFile, count)
	for i := range files {
		files[i] = &github.CommitFile{Filename: github.String(fmt.Sprintf(pattern, i)), Status: github.String("modified"), Additions: github.Int(1), Changes: github.Int(1)}
	}
	return files
}

// A pull request of 300 files and 100 commits, merged with a merge commit, then a direct push
// and a dependency bump: GitHub's compare pages the 103 commits and stops its file list at
// 300, so the record joins each change's own files and the bumped manifest is not lost.
func TestPullRequestOf300FilesAnd100Commits(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	fake.PushCommits(owner, repo, "main", commit("v1", 0))
	fake.Tag(owner, repo, "v1.0", sha("v1"))
	fake.SetFile(owner, repo, "main", ".github/iec62304.yml", []byte(policyFile))
	files := numbered("dose/unit%03d.go", 300)
	branch, parent := make([]*github.RepositoryCommit, 100), "v1"
	for i := range branch {
		branch[i] = commit(fmt.Sprintf("big%03d", i), 1, parent)
		branch[i].Files = files[i*3 : i*3+3]
		parent = fmt.Sprintf("big%03d", i)
	}
	merged(fake, 7, "Dose units everywhere", "", "merge7", 2, branch...)
	fake.PushCommits(owner, repo, "main", branch...)
	fake.PushCommits(owner, repo, "main", commit("merge7", 2, "v1", "big099"))
	hotfix := commit("hotfix", 3, "merge7")
	hotfix.Files = numbered("docs/note%d.md", 1)
	fake.PushCommits(owner, repo, "main", hotfix)
	bump := commit("bump8", 4, "b8")
	bump.Files = []*github.CommitFile{{Filename: github.String("go.mod"), Status: github.String("modified")}}
	merged(fake, 8, "Bump yaml", "", "squash8", 4, bump)
	squash := commit("squash8", 4, "hotfix")
	squash.Files = bump.Files
	fake.PushCommits(owner, repo, "main", squash)
	fake.ResetCalls()

	rec, err := Generate(context.Background(), client(t, fake), githubio.NewReader(), Request{Owner: owner, Repo: repo, From: "v1.0", To: "main"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Changes) != 2 || rec.Changes[0].Number != 7 || rec.Changes[0].Class != "C" || len(rec.Deviations) == 0 || rec.Deviations[0].Kind != DeviationDirectPush {
		t.Fatalf("changes = %+v, deviations = %+v; want #7 (class C) and #8, and the hotfix as a direct push", rec.Changes, rec.Deviations)
	}
	if strings.Join(rec.SOUP.Manifests, ",") != "go.mod" || !rec.SOUP.Complete {
		t.Fatalf("SOUP = %+v; want go.mod found past the compare's 300 files, and the list complete", rec.SOUP)
	}
	pages := map[string]int{}
	for _, c := range fake.Calls() {
		pages[c.Endpoint]++
	}
	t.Logf("300 files, 100 commits: %d API calls: %v", len(fake.Calls()), pages)
	for endpoint, want := range map[string]int{
		"GET /repos/{owner}/{repo}/compare/{basehead...}":  2, // 103 commits, 100 a page
		"GET /repos/{owner}/{repo}/pulls/{number}/files":   4, // #7's 300 files in three pages, #8's in one: read once, to evaluate
		"GET /repos/{owner}/{repo}/pulls/{number}/commits": 2, // #7's 100 commits in one page
		"GET /repos/{owner}/{repo}/commits/{ref}":          1, // the direct push's files
	} {
		if pages[endpoint] != want {
			t.Errorf("%s: %d calls, want %d", endpoint, pages[endpoint], want)
		}
	}
}
