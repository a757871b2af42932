package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// testDatabaseEnv names the PostgreSQL server the multi-replica tests use; .ci/run starts one.
const testDatabaseEnv = "IEC62304_TEST_DATABASE_URL"

// freshDatabase creates an empty database on the test PostgreSQL server, dropped at the end.
func freshDatabase(t *testing.T) string {
	t.Helper()
	server := os.Getenv(testDatabaseEnv)
	if server == "" {
		t.Skip(testDatabaseEnv + " is not set: no PostgreSQL server to run replicas against (.ci/run starts one; README: Develop)")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to %s: %v", testDatabaseEnv, err)
	}
	name := fmt.Sprintf("iec62304_test_%d", time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		admin.Close(ctx)
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Two real server processes on one PostgreSQL database share a burst sent to both: each pull
// request gets its check run and summary comment created exactly once, however the deliveries
// and evaluations fall between the replicas.
func TestTwoReplicasOnPostgreSQLWriteNothingTwice(t *testing.T) {
	fake, snaps, env := childBurst(t, freshDatabase(t), 700, 20*time.Millisecond)
	bin := buildBinary(t)
	replicas := []*harness.Child{startChild(t, bin, env), startChild(t, bin, env)}
	sendSplit(t, replicas, fake, snaps, childPerPull)
	waitAllDone(t, fake, snaps)
	created := createdBy(fake)
	for _, endpoint := range []string{"POST /repos/{owner}/{repo}/check-runs", "POST /repos/{owner}/{repo}/issues/{number}/comments"} {
		if created[endpoint] != childPulls {
			t.Errorf("%s succeeded %d times for %d pull requests, want exactly one each", endpoint, created[endpoint], childPulls)
		}
	}
	for i, r := range replicas {
		if !strings.Contains(r.Logs.String(), "evaluated pull request") {
			t.Errorf("replica %d evaluated nothing: the work was not shared", i)
		}
	}
}

// A replica killed with SIGKILL in the middle of a burst, for real, while another keeps
// running on the same PostgreSQL: within a minute of the kill every pull request a delivery
// was accepted for has its check run and exactly one comment, the work that was running in
// the dead replica included (the survivor rescues it once the dead one's heartbeat stopped;
// River's own rescuer would take up to 75 s).
func TestKilledReplicaWorkIsDoneByAnotherWithinAMinute(t *testing.T) {
	// Evaluations take a while, so some are running when the replica dies.
	fake, snaps, env := childBurst(t, freshDatabase(t), 900, 50*time.Millisecond)
	bin := buildBinary(t)
	survivor, doomed := startChild(t, bin, env), startChild(t, bin, env)
	accepted := burstUntilKilled(t, doomed, fake, snaps, childPerPull)
	killed := time.Now()
	if len(accepted) == 0 {
		t.Fatal("no delivery was accepted before the kill; the test proves nothing")
	}
	waitForLog(t, survivor, "replicas died while running jobs; they run again now", time.Minute)
	for pending := accepted; len(pending) > 0; pending = unfinishedPulls(fake, snaps, pending) {
		if time.Since(killed) > time.Minute {
			t.Fatalf("a minute after the kill %d pull requests still lack their check run or comment: %v", len(pending), pending)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("%d pull requests with an accepted delivery, all done %s after the kill", len(accepted), time.Since(killed).Round(100*time.Millisecond))
	time.Sleep(time.Second) // anything still running would write now
	for n := range accepted {
		runs, comments := oursOn(fake, snaps[n])
		if len(runs) != 1 || runs[0].GetConclusion() != "success" || len(comments) != 1 {
			t.Errorf("#%d: %d check runs, %d comments; want one successful check run and one comment", n, len(runs), len(comments))
		}
	}
}

// sendSplit sends perPull deliveries for every pull request, alternating between the replicas,
// from 8 concurrent senders; every one must be accepted.
func sendSplit(t *testing.T, replicas []*harness.Child, fake *githubfake.Server, snaps map[int]*snapshot.Snapshot, perPull int) {
	t.Helper()
	type delivery struct{ replica, number, i int }
	work := make(chan delivery)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range work {
				sender := replicas[d.replica].Sender
				sender.Client = &http.Client{Timeout: 10 * time.Second}
				resp, err := sender.Send(context.Background(), "pull_request", fmt.Sprintf("split-%d", d.i), fake.PullRequestEvent("synchronize", owner, repo, d.number, harness.InstallationID))
				if err != nil {
					t.Error(err)
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusAccepted {
					t.Errorf("replica %d answered %d", d.replica, resp.StatusCode)
				}
			}
		}()
	}
	i := 0
	for range perPull {
		for n := range snaps {
			work <- delivery{replica: i % len(replicas), number: n, i: i}
			i++
		}
	}
	close(work)
	wg.Wait()
}

// Two replicas on one PostgreSQL database handle deliveries of one merge at the same moment
// (GitHub delivered it to one and redelivered it to the other, say): one report is filed,
// because the claim on its cause is a lease in the shared database, not a lock in one process.
func TestTwoReplicasFileOneReportForOneMerge(t *testing.T) {
	database := freshDatabase(t)
	// One delivery worker each: a replica cannot take every delivery itself, and then
	// serialise them in-process.
	one := harness.QuickQueue
	one.DeliveryWorkers = 1
	a := startWith(t, harness.Options{DatabaseURL: database, Queue: &one})
	b := startWith(t, harness.Options{DatabaseURL: database, GitHub: a.GitHub, Queue: &one})
	s := load(t, "class-c-fail")
	a.GitHub.AddSnapshot(s)
	closed := mergedDelivery(a, s.Pull.GetNumber(), "admin-alice")
	// Searches within half a second of each other both find nothing: without a claim shared
	// by the replicas, each would file.
	a.GitHub.HoldAnswers("GET /repos/{owner}/{repo}/issues", 500*time.Millisecond)
	var wg sync.WaitGroup
	for i, h := range []*harness.Harness{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, err := h.Send(t.Context(), "pull_request", fmt.Sprint("merge-", i), closed); err != nil || status != http.StatusAccepted {
				t.Errorf("delivery %d: %d %v", i, status, err)
			}
		}()
	}
	wg.Wait()
	for _, h := range []*harness.Harness{a, b} {
		if err := h.WaitIdle(harness.IdleTimeout); err != nil {
			t.Fatal(err)
		}
	}
	if got := reports(a); len(got) != 1 {
		t.Fatalf("%d problem reports after deliveries of one merge to two replicas, want 1", len(got))
	}
}
