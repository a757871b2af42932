package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// The last part of the story: the bot runs as a process of its own, is killed with SIGKILL
// right after answering a burst of webhooks (most evaluations still waiting or under way),
// and is started again on the same SQLite file. Every webhook it answered 202 was stored
// before the answer, so every pull request ends with its check run and one comment.

const (
	crashFirst   = 200 // the burst's pull requests are #201 on
	crashPulls   = 12
	crashPerPull = 3
	// filesEndpoint answers slowly during the burst, so evaluations are under way at the kill.
	filesEndpoint = "GET /repos/{owner}/{repo}/pulls/{number}/files"
	filesLatency  = 300 * time.Millisecond
	// rescuedMessage is what a restarted process logs when its predecessor died mid-job.
	rescuedMessage = "the last process died while running jobs; they run again now"
)

// playCrash plays the crash against the fake GitHub gh, with no other bot answering it; serve
// is the command line that runs the bot's server (iec62304-bot serve).
func playCrash(ctx context.Context, gh *githubfake.Server, w io.Writer, serve []string) error {
	fmt.Fprintln(w, "\nA crash: the bot as a process of its own, killed with SIGKILL in the middle of its work, started again.")
	dir, err := os.MkdirTemp("", "iec62304-demo-")
	if err != nil {
		return fmt.Errorf("crash: database folder: %w", err)
	}
	defer os.RemoveAll(dir)
	database := "sqlite://" + filepath.Join(dir, "bot.db")
	env, err := harness.Environment(gh.URL(), database)
	if err != nil {
		return fmt.Errorf("crash: %w", err)
	}
	snaps, err := seedCrashPulls(gh)
	if err != nil {
		return err
	}
	gh.SetLatency(filesEndpoint, filesLatency)
	defer gh.SetLatency(filesEndpoint, 0)
	first, err := harness.StartChild(serve, env)
	if err != nil {
		return fmt.Errorf("crash: start the bot: %w", err)
	}
	fmt.Fprintf(w, "  started    %s serve, its queue in %s\n", filepath.Base(serve[0]), database)
	accepted := sendBurst(ctx, first, gh)
	fmt.Fprintf(w, "  webhooks   pull_request.synchronize x%d sent at once (%d per PR, #%d-#%d) -> %d of %d accepted (202)\n",
		crashPulls*crashPerPull, crashPerPull, crashFirst+1, crashFirst+crashPulls, accepted, crashPulls*crashPerPull)
	waitFirstFinished(ctx, gh, snaps)
	first.Kill()
	doneAtKill := len(snaps) - len(unfinished(gh, snaps))
	fmt.Fprintf(w, "  SIGKILL    once the first pull request was done: %d of %d had their check run and comment, the rest were waiting or being evaluated\n", doneAtKill, len(snaps))

	gh.SetLatency(filesEndpoint, 0)
	restarted := time.Now()
	second, err := harness.StartChild(serve, env)
	if err != nil {
		return fmt.Errorf("crash: restart the bot: %w", err)
	}
	defer second.Kill()
	fmt.Fprintf(w, "  restarted  on the same file: %s\n", rescued(second))
	left := waitFinished(ctx, gh, snaps)
	fmt.Fprintf(w, "  GitHub     %d of %d pull requests have one successful check run and one summary comment, %s after the restart\n",
		len(snaps)-len(left), len(snaps), time.Since(restarted).Round(100*time.Millisecond))
	if accepted != crashPulls*crashPerPull || len(left) > 0 {
		fmt.Fprintf(w, "  result     NOT AS EXPECTED: %d webhooks refused, %d pull requests unfinished: %v\n", crashPulls*crashPerPull-accepted, len(left), left)
		return fmt.Errorf("demo: the crash lost work")
	}
	fmt.Fprintln(w, "  result     as expected: nothing the bot accepted was lost, nothing written twice")
	return nil
}

// seedCrashPulls adds the burst's pull requests: copies of the story's compliant PR #101.
func seedCrashPulls(gh *githubfake.Server) ([]*snapshot.Snapshot, error) {
	base, err := loadState("pr-101-compliant")
	if err != nil {
		return nil, err
	}
	var snaps []*snapshot.Snapshot
	for n := crashFirst + 1; n <= crashFirst+crashPulls; n++ {
		s := githubfake.Numbered(base, n)
		gh.AddSnapshot(s)
		snaps = append(snaps, s)
	}
	return snaps, nil
}

// sendBurst sends crashPerPull deliveries for each pull request at once and counts the 202s.
func sendBurst(ctx context.Context, c *harness.Child, gh *githubfake.Server) int {
	var accepted atomic.Int32
	var wg sync.WaitGroup
	for i := range crashPulls * crashPerPull {
		n := crashFirst + 1 + i%crashPulls
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c.Sender.Send(ctx, "pull_request", fmt.Sprintf("c4a5h%03d-6230-4bot-a000-%012d", i, n), gh.PullRequestEvent("synchronize", owner, repo, n, harness.InstallationID))
			if err != nil {
				return
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusAccepted {
				accepted.Add(1)
			}
		}()
	}
	wg.Wait()
	return int(accepted.Load())
}

// waitFirstFinished waits (at most stepTimeout) until one pull request has its check run and
// comment: the bot is then in the middle of its work.
func waitFirstFinished(ctx context.Context, gh *githubfake.Server, snaps []*snapshot.Snapshot) {
	deadline := time.Now().Add(stepTimeout)
	for len(unfinished(gh, snaps)) == len(snaps) && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
}

// waitFinished waits (at most stepTimeout) until every pull request has its check run and
// comment, and a moment more so that a second one would show; it returns those that do not.
func waitFinished(ctx context.Context, gh *githubfake.Server, snaps []*snapshot.Snapshot) []int {
	deadline := time.Now().Add(stepTimeout)
	for len(unfinished(gh, snaps)) > 0 && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	return unfinished(gh, snaps)
}

// unfinished are the pull requests without exactly one successful check run and one comment.
func unfinished(gh *githubfake.Server, snaps []*snapshot.Snapshot) []int {
	var left []int
	for _, s := range snaps {
		got := observe(gh, s)
		if got.runs != 1 || state(got) != "success" || got.comments != 1 {
			left = append(left, s.Pull.GetNumber())
		}
	}
	return left
}

// rescued says what the restarted process found left running by the killed one.
func rescued(c *harness.Child) string {
	for _, line := range c.Logs.Lines() {
		var l struct {
			Message string
			Jobs    int
		}
		if json.Unmarshal([]byte(line), &l) == nil && l.Message == rescuedMessage {
			return fmt.Sprintf("%s left running by the killed process run again, the waiting ones in turn", pluralize(l.Jobs, "job"))
		}
	}
	return "no job was running when it was killed; the waiting ones run in turn"
}
