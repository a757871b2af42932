// Package demo plays a short, realistic story against the real server wired to a fake GitHub,
// offline, and prints what the bot did at each step. It is the README's main job and a CI
// check: it fails when any step does not end as the story says it must.
package demo

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"sync"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// storyFS holds one snapshot directory per state of the sample repository's pull requests.
//
//go:embed story
var storyFS embed.FS

// stepTimeout bounds how long one step may take end to end; it is a safety net for a stuck
// server, far above the milliseconds a step takes, so a loaded CI machine (or the race
// detector) never trips it.
const stepTimeout = harness.IdleTimeout

// outcome is what GitHub showed after a step.
type outcome struct {
	status      int // the webhook's HTTP status; for a burst, the first that was not 202
	accepted    int // deliveries answered 202
	evaluations int // times the bot read the pull request
	run         *github.CheckRun
	runs        int // check runs named "IEC 62304" on the head commit
	comments    int // summary comments on the PR
	writes      []githubfake.Call
	reads       int
}

// Run plays the story, printing to w; it returns an error when a step went wrong. serve is the
// command line that runs the bot's server as a process of its own (iec62304-bot serve), for
// the part of the story that kills it.
func Run(ctx context.Context, w io.Writer, serve []string) error {
	h, err := harness.Start(harness.Options{Login: true})
	if err != nil {
		return fmt.Errorf("start server and fake GitHub: %w", err)
	}
	defer h.Close()
	branch, err := seedMainBranch(h)
	if err != nil {
		return err
	}
	p := printer{w: w}
	p.intro(h)
	seen := map[int]bool{}
	var results []bool
	var delivery string
	var payload any
	for i, st := range story {
		snap, err := loadState(st.state)
		if err != nil {
			return err
		}
		if st.fork != "" {
			h.GitHub.FromFork(snap, st.fork)
		}
		if !st.redeliver {
			seed(h.GitHub, snap, seen)
			delivery, payload = fmt.Sprintf("d3m0%04d-6230-4bot-a000-%012d", i+1, i+1), webhookFor(h.GitHub, st, snap)
		}
		got, err := play(ctx, h, st, snap, delivery, payload)
		if err != nil {
			return fmt.Errorf("step %d (%s): %w", i+1, st.title, err)
		}
		ok := p.step(i+1, st, snap, got)
		results = append(results, ok)
	}
	if err := p.summary(results); err != nil {
		return err
	}
	if err := playReports(ctx, h, branch, w); err != nil {
		return err
	}
	if err := showDetailsPage(ctx, h, w, 101); err != nil { // the story's first pull request
		return err
	}
	if err := playRelease(ctx, h, branch, w); err != nil {
		return err
	}
	if err := h.Stop(); err != nil { // the process of its own takes over the fake GitHub
		return fmt.Errorf("stop the in-process server: %w", err)
	}
	return playCrash(ctx, h.GitHub, w, serve)
}

// seedMainBranch puts the sample repository's default branch on the fake GitHub, with the
// policy of the story's pull requests.
func seedMainBranch(h *harness.Harness) (*mainBranch, error) {
	first, err := loadState(story[0].state)
	if err != nil {
		return nil, err
	}
	return newMainBranch(h.GitHub, first.Config)
}

func loadState(name string) (*snapshot.Snapshot, error) {
	sub, err := fs.Sub(storyFS, "story/"+name)
	if err != nil {
		return nil, fmt.Errorf("story state %s: %w", name, err)
	}
	return snapshot.LoadFS(sub, "story/"+name)
}

// seed makes the fake GitHub hold the PR's new state, as GitHub would after the event.
func seed(gh *githubfake.Server, snap *snapshot.Snapshot, seen map[int]bool) {
	n := snap.Pull.GetNumber()
	if seen[n] {
		gh.ReplacePull(snap)
		return
	}
	seen[n] = true
	gh.AddSnapshot(snap)
}

func webhookFor(gh *githubfake.Server, st step, snap *snapshot.Snapshot) any {
	n := snap.Pull.GetNumber()
	switch st.event {
	case "pull_request_review":
		return gh.PullRequestReviewEvent(st.action, owner, repo, n, lastReview(snap.Reviews), harness.InstallationID)
	case "check_run":
		return gh.CheckRunEvent(st.action, owner, repo, n, snap.CheckRuns[0], harness.InstallationID)
	}
	return gh.PullRequestEvent(st.action, owner, repo, n, harness.InstallationID)
}

// play sends the step's webhook (or burst of them), waits until the server has handled it,
// and reads what GitHub shows.
func play(ctx context.Context, h *harness.Harness, st step, snap *snapshot.Snapshot, delivery string, payload any) (outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	h.GitHub.ResetCalls()
	statuses, err := sendAll(ctx, h, st, delivery, payload)
	if err != nil {
		return outcome{}, err
	}
	if err := h.WaitIdle(stepTimeout); err != nil {
		return outcome{}, err
	}
	got := observe(h.GitHub, snap)
	got.status = http.StatusAccepted
	for _, status := range statuses {
		if status == http.StatusAccepted {
			got.accepted++
		} else if got.status == http.StatusAccepted {
			got.status = status
		}
	}
	return got, nil
}

// sendAll sends the step's deliveries at once; a burst's each get an id of their own.
func sendAll(ctx context.Context, h *harness.Harness, st step, delivery string, payload any) ([]int, error) {
	n := max(st.burst, 1)
	statuses := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		id := delivery
		if n > 1 {
			id = fmt.Sprintf("%s-%02d", delivery, i)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], errs[i] = h.Send(ctx, st.event, id, payload)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("send webhook: %w", err)
	}
	return statuses, nil
}

func observe(gh *githubfake.Server, snap *snapshot.Snapshot) outcome {
	var got outcome
	for _, run := range gh.CheckRuns(owner, repo, snap.HeadSHA()) {
		if run.GetName() == githubio.CheckRunName {
			got.run = run
			got.runs++
		}
	}
	for _, c := range gh.Comments(owner, repo, snap.Pull.GetNumber()) {
		if strings.Contains(c.GetBody(), "iec62304-bot:summary") {
			got.comments++
		}
	}
	for _, call := range gh.Calls() {
		if call.Method == "GET" {
			got.reads++
			if call.Endpoint == "GET /repos/{owner}/{repo}/pulls/{number}" {
				got.evaluations++
			}
			continue
		}
		if !strings.HasSuffix(call.Path, "/access_tokens") {
			got.writes = append(got.writes, call)
		}
	}
	return got
}
