package server_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// The process killed with SIGKILL in the middle of a burst, for real, and started again on the
// same database: every pull request a delivery was accepted for (answered 202) ends with its
// correct check run and exactly one summary comment, the work that was running when it died
// included, within a minute.
func TestKilledMidBurstLosesNothing(t *testing.T) {
	bin := buildBinary(t)
	// Evaluations take a while, so some are running when the process dies.
	fake, snaps, env := childBurst(t, "sqlite://"+filepath.Join(t.TempDir(), "bot.db"), 500, 50*time.Millisecond)
	first := startChild(t, bin, env)
	accepted := burstUntilKilled(t, first, fake, snaps, childPerPull)
	if len(accepted) == 0 {
		t.Fatal("no delivery was accepted before the kill; the test proves nothing")
	}
	t.Logf("%d pull requests had a delivery accepted before SIGKILL", len(accepted))

	restarted := time.Now()
	second := startChild(t, bin, env)
	waitForLog(t, second, "the last process died while running jobs; they run again now", 30*time.Second)
	// A minute, as promised; under the race detector this test process (the fake GitHub) is
	// slow enough on a shared machine that it gets more.
	deadline := restarted.Add(time.Minute * raceScale)
	for pending := accepted; len(pending) > 0; pending = unfinishedPulls(fake, snaps, pending) {
		if time.Now().After(deadline) {
			t.Fatalf("%s after the restart %d pull requests still lack their check run or comment: %v", time.Since(restarted).Round(time.Second), len(pending), pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("every accepted pull request was done %s after the restart", time.Since(restarted).Round(100*time.Millisecond))
	time.Sleep(time.Second) // anything still running would write now
	for n := range accepted {
		runs, comments := oursOn(fake, snaps[n])
		if len(runs) != 1 || runs[0].GetConclusion() != "success" || len(comments) != 1 {
			t.Errorf("#%d: %d check runs, %d comments; want one successful check run and one comment", n, len(runs), len(comments))
		}
	}
}

// The burst the tests with child processes send: childPerPull deliveries for each of
// childPulls pull requests.
const childPulls, childPerPull = 40, 8

// childBurst starts a fake GitHub with childPulls class B pull requests numbered from first+1,
// whose files are answered after latency (so evaluations are under way when a process is
// killed), and returns it, the pull requests and the environment of a server process on
// database.
func childBurst(t *testing.T, database string, first int, latency time.Duration) (*githubfake.Server, map[int]*snapshot.Snapshot, map[string]string) {
	t.Helper()
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	fake.SetLatency("GET /repos/{owner}/{repo}/pulls/{number}/files", latency)
	base := load(t, "class-b-pass")
	snaps := map[int]*snapshot.Snapshot{}
	for n := first + 1; n <= first+childPulls; n++ {
		s := githubfake.Numbered(base, n)
		fake.AddSnapshot(s)
		snaps[n] = s
	}
	env, err := harness.Environment(fake.URL(), database)
	if err != nil {
		t.Fatal(err)
	}
	return fake, snaps, env
}

// burstUntilKilled sends perPull deliveries for every pull request from 8 senders and kills
// the server with SIGKILL once a third of them were accepted; it returns the pull requests
// with an accepted delivery.
func burstUntilKilled(t *testing.T, c *harness.Child, fake *githubfake.Server, snaps map[int]*snapshot.Snapshot, perPull int) map[int]bool {
	t.Helper()
	var numbers []int
	for n := range snaps {
		for range perPull {
			numbers = append(numbers, n)
		}
	}
	var (
		mu       sync.Mutex
		accepted = map[int]bool{}
		count    atomic.Int32
		next     atomic.Int32
		killOnce sync.Once
		wg       sync.WaitGroup
	)
	c.Sender.Client = &http.Client{Timeout: 5 * time.Second}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(numbers); i = int(next.Add(1)) - 1 {
				n := numbers[i]
				resp, err := c.Sender.Send(context.Background(), "pull_request", fmt.Sprintf("burst-%d", i), fake.PullRequestEvent("synchronize", owner, repo, n, harness.InstallationID))
				if err != nil {
					continue // the process is gone: GitHub would show the delivery as failed
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusAccepted {
					continue
				}
				mu.Lock()
				accepted[n] = true
				mu.Unlock()
				if int(count.Add(1)) == len(numbers)/3 {
					killOnce.Do(c.Kill)
				}
			}
		}()
	}
	wg.Wait()
	killOnce.Do(c.Kill)
	return accepted
}

// waitAllDone waits, at most a minute, until every pull request of snaps has one successful
// check run and one comment; then a second more, in which anything still running would write.
func waitAllDone(t *testing.T, fake *githubfake.Server, snaps map[int]*snapshot.Snapshot) {
	t.Helper()
	pending := map[int]bool{}
	for n := range snaps {
		pending[n] = true
	}
	for deadline := time.Now().Add(time.Minute); len(pending) > 0; pending = unfinishedPulls(fake, snaps, pending) {
		if time.Now().After(deadline) {
			t.Fatalf("%d pull requests still lack their check run or comment: %v", len(pending), pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second)
}

// createdBy counts the successful POSTs the fake received, by endpoint.
func createdBy(fake *githubfake.Server) map[string]int {
	created := map[string]int{}
	for _, c := range fake.Calls() {
		if c.Method == http.MethodPost && c.Status < 300 {
			created[c.Endpoint]++
		}
	}
	return created
}

// unfinishedPulls are those of pending without exactly one successful check run and one comment yet.
func unfinishedPulls(fake *githubfake.Server, snaps map[int]*snapshot.Snapshot, pending map[int]bool) map[int]bool {
	left := map[int]bool{}
	for n := range pending {
		runs, comments := oursOn(fake, snaps[n])
		if len(runs) != 1 || runs[0].GetConclusion() != "success" || len(comments) != 1 {
			left[n] = true
		}
	}
	return left
}

// A merge accepted and then lost to SIGKILL while its report was being filed is filed after
// the restart: the merge's work is a job of its own in the database, not a step of the
// delivery in memory. It is filed once.
func TestMergeKilledBeforeItsReportIsFiledAfterRestart(t *testing.T) {
	bin := buildBinary(t)
	fake := githubfake.New()
	defer fake.Close()
	s := load(t, "class-c-fail")
	fake.AddSnapshot(s)
	fake.MergePull(owner, repo, s.Pull.GetNumber(), "admin-alice")
	closed := fake.PullRequestEvent("closed", owner, repo, s.Pull.GetNumber(), harness.InstallationID)
	// The answer to the search for an earlier report is held, so the process dies after
	// finding none and before it files one.
	const search = "GET /repos/{owner}/{repo}/issues"
	fake.HoldAnswers(search, 3*time.Second)
	env, err := harness.Environment(fake.URL(), "sqlite://"+filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	first := startChild(t, bin, env)
	resp, err := first.Sender.Send(context.Background(), "pull_request", "merge", closed)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("the merge delivery was answered %d, want 202", resp.StatusCode)
	}
	for deadline := time.Now().Add(30 * time.Second); !searched(fake); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the merge's work never looked for an earlier report:\n%s", first.Logs.String())
		}
	}
	first.Kill()
	if n := len(fake.Issues(owner, repo)); n != 1 { // the snapshot's linked issue
		t.Fatalf("%d issues before the restart, want only the snapshot's: the kill came too late to prove anything", n)
	}

	fake.HoldAnswers(search, 0)
	restarted := time.Now()
	second := startChild(t, bin, env)
	waitForLog(t, second, "the last process died while running jobs; they run again now", 30*time.Second)
	deadline := restarted.Add(time.Minute * raceScale)
	for len(fake.Issues(owner, repo)) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("no report %s after the restart:\n%s", time.Since(restarted).Round(time.Second), second.Logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("the report was filed %s after the restart", time.Since(restarted).Round(100*time.Millisecond))
	time.Sleep(time.Second) // a second report would be filed now
	if n := len(fake.Issues(owner, repo)) - 1; n != 1 {
		t.Errorf("%d reports after the restart, want 1", n)
	}
}

// searched reports whether the fake GitHub has answered a search for earlier reports (its
// answer may still be held).
func searched(fake *githubfake.Server) bool {
	for _, c := range fake.Calls() {
		if c.Endpoint == "GET /repos/{owner}/{repo}/issues" {
			return true
		}
	}
	return false
}
