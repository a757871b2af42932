package demo

import (
	"bytes"
	"context"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/cli/serve"
)

// serveChild makes this test binary, run again by the demo with it set, the bot's server (as
// `iec62304-bot serve`), so the demo's crash kills a real process here too.
const serveChild = "IEC62304_DEMO_TEST_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveChild) != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := serve.Run(ctx, nil, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func TestStoryEndsAsExpected(t *testing.T) {
	t.Setenv(serveChild, "1")
	var out bytes.Buffer
	if err := Run(context.Background(), &out, []string{os.Args[0]}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"10 of 10 steps ended as expected.",
		"4 of 4 problem-report steps ended as expected.",
		"x40 sent at once -> 40 of 40 accepted (202)",
		"not counted: @\u200ddan: co-author of", // the summary never pings reviewers
		"not counted: @\u200derin: approved",
		"redelivered -> 202 Accepted",
		" reads, 0 writes\n",
		"[10/10] CI passes on the fork's commit", // a fork's PR turns from pending to its verdict
		"pull_request.synchronize x36 sent at once (3 per PR, #201-#212) -> 36 of 36 accepted (202)",
		"12 of 12 pull requests have one successful check run and one summary comment",
		"nothing the bot accepted was lost, nothing written twice",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
}
