package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// A burst far larger than the queue, for a few pull requests, is accepted whole: deliveries
// for a PR already waiting in the queue share its evaluation instead of taking a slot, so
// nothing is refused and each PR still ends on its latest state.
func TestBurstForFewPullRequestsIsNeverRefused(t *testing.T) {
	h := startWith(t, harness.Options{Workers: 1})
	h.GitHub.SetLatency("GET /repos/{owner}/{repo}/pulls/{number}", 5*time.Millisecond) // a busy worker
	want := map[string]string{"class-a-pass": "success", "class-b-fail": "failure", "class-c-pass": "success"}
	var events []any
	for name := range want {
		s := load(t, name)
		h.GitHub.AddSnapshot(s)
		events = append(events, h.GitHub.PullRequestEvent("synchronize", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
	}
	const deliveries = 300 / raceScale
	statuses := make(chan int, deliveries)
	var wg sync.WaitGroup
	for sender := 0; sender < 6; sender++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := sender; i < deliveries; i += 6 {
				status, err := h.Send(context.Background(), "pull_request", fmt.Sprintf("burst-%d", i), events[i%len(events)])
				if err != nil {
					t.Error(err)
				}
				statuses <- status
			}
		}()
	}
	wg.Wait()
	close(statuses)
	for status := range statuses {
		if status != http.StatusAccepted {
			t.Fatalf("a delivery of the burst was answered %d, want every one accepted", status)
		}
	}
	if err := h.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
	evaluations := h.GitHub.CallsTo("GET /repos/{owner}/{repo}/pulls/{number}")
	if evaluations >= deliveries/2 {
		t.Errorf("%d evaluations for %d deliveries: they did not coalesce", evaluations, deliveries)
	}
	for name, conclusion := range want {
		wantOne(t, h, load(t, name), "completed", conclusion, 1)
	}
}

// A CI matrix finishing job by job sends one check_run.completed per job for the same commit:
// they share one evaluation of the PRs on that commit instead of filling the queue.
func TestCIMatrixFinishingIsNeverRefused(t *testing.T) {
	h := startWith(t, harness.Options{Workers: 1})
	h.GitHub.SetLatency("GET /repos/{owner}/{repo}/pulls/{number}", 5*time.Millisecond)
	s := opened(t, h, "class-c-pending")
	ci := s.CheckRuns[0]
	ci.Status, ci.Conclusion = github.String("completed"), github.String("success")
	h.GitHub.ReplacePull(s)
	event := h.GitHub.CheckRunEvent("completed", owner, repo, s.Pull.GetNumber(), ci, harness.InstallationID)
	h.GitHub.ResetCalls()
	var wg sync.WaitGroup
	for job := 0; job < 60/raceScale; job++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, err := h.Send(context.Background(), "check_run", fmt.Sprintf("matrix-%d", job), event); err != nil || status != http.StatusAccepted {
				t.Errorf("job %d: %d, %v; want every delivery accepted", job, status, err)
			}
		}()
	}
	wg.Wait()
	if err := h.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
	wantOne(t, h, s, "completed", "success", 1)
}

func metrics(t *testing.T, h *harness.Harness) string {
	t.Helper()
	resp, err := http.Get(h.MetricsURL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}
