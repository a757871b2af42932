package githubio_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

// RetryAfter classifies what the fake GitHub answers exactly as GitHub documents its limits.
func TestRetryAfter(t *testing.T) {
	const endpoint = "GET /repos/{owner}/{repo}/pulls/{number}"
	tests := []struct {
		name          string
		fault         githubfake.Fault
		min, max      time.Duration
		wantTransient bool
	}{
		{"secondary 403 with Retry-After", githubfake.Fault{Status: 403, RetryAfter: 30 * time.Second}, 30 * time.Second, 30 * time.Second, true},
		{"secondary 429 with Retry-After", githubfake.Fault{Status: 429, RetryAfter: 5 * time.Second}, 5 * time.Second, 5 * time.Second, true},
		{"secondary 429 without Retry-After waits a minute", githubfake.Fault{Status: 429}, time.Minute, time.Minute, true},
		{"secondary 403 without Retry-After waits a minute", githubfake.Fault{Status: 403, Secondary: true}, time.Minute, time.Minute, true},
		{"primary 403 waits for the reset", githubfake.Fault{Status: 403, Reset: 10 * time.Minute}, 9 * time.Minute, 11 * time.Minute, true},
		{"primary 429 waits for the reset", githubfake.Fault{Status: 429, Reset: 10 * time.Minute}, 9 * time.Minute, 11 * time.Minute, true},
		{"Retry-After wins over the reset", githubfake.Fault{Status: 429, Reset: 10 * time.Minute, RetryAfter: 3 * time.Second}, 3 * time.Second, 3 * time.Second, true},
		{"502 is transient", githubfake.Fault{Status: 502}, 0, 0, true},
		{"403 without a limit is a permission", githubfake.Fault{Status: 403}, 0, 0, false},
		{"404 is permanent", githubfake.Fault{Status: 404}, 0, 0, false},
		{"422 is permanent", githubfake.Fault{Status: 422}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, client, snap := setup(t, "class-b-pass")
			fake.AddSnapshot(snap)
			tt.fault.Endpoint = endpoint
			fake.InjectFault(tt.fault)
			_, _, err := client.PullRequests.Get(context.Background(), owner, repo, 21)
			wait, transient := githubio.RetryAfter(fmt.Errorf("get pull request: %w", err))
			if transient != tt.wantTransient || wait < tt.min || wait > tt.max {
				t.Errorf("RetryAfter(%v) = %s, %v; want %s..%s, %v", err, wait, transient, tt.min, tt.max, tt.wantTransient)
			}
		})
	}
}

// The primary limit as the fake's own budget runs out (go-github's RateLimitError), and
// errors that never reached GitHub.
func TestRetryAfterWithoutAnAnswer(t *testing.T) {
	fake := githubfake.New(githubfake.WithRateLimit(1, time.Hour))
	t.Cleanup(fake.Close)
	fake.AddRepo(owner, repo, "main")
	ctx := context.Background()
	_, _, _ = newClient(fake).Repositories.Get(ctx, owner, repo)
	_, _, err := newClient(fake).Repositories.Get(ctx, owner, repo)
	if wait, transient := githubio.RetryAfter(err); !transient || wait < 59*time.Minute {
		t.Errorf("spent budget: RetryAfter(%v) = %s, %v; want about an hour, transient", err, wait, transient)
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"timeout", &net.OpError{Op: "dial", Err: errors.New("i/o timeout")}, true},
		{"deadline", fmt.Errorf("read: %w", context.DeadlineExceeded), true},
		{"cancelled", context.Canceled, false},
		{"bad input", errors.New("invalid policy"), false},
	}
	for _, tt := range tests {
		if _, got := githubio.RetryAfter(tt.err); got != tt.want {
			t.Errorf("%s: transient %v, want %v", tt.name, got, tt.want)
		}
	}
}
