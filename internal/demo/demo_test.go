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
		"12 of 12 steps ended as expected.",
		"4 of 4 problem-report steps ended as expected.",
		"x40 sent at once -> 40 of 40 accepted (202)",
		"not counted: @\u200ddan: co-author of", // the summary never pings reviewers
		"not counted: @\u200derin: approved",
		"redelivered -> 202 Accepted",
		" reads, 0 writes\n",
		"[10/12] CI passes on the fork's commit", // a fork's PR turns from pending to its verdict
		// The requirement catalogue: a defined ID passes with its title, an undefined one fails by name.
		"finding    Traceability: Traces to REQ-210 “Bolus dose never exceeds the configured maximum”",
		"[11/12] PR #106 opened",
		"finding    Traceability: REQ-203 is not defined in the requirement catalogue",
		"finding    Traceability: Traces to REQ-230 “Occlusion alarm volume”.",
		// The release record, behind the same login as the details page.
		"/repos/acme-medical/infusion-pump/release-record?from=v2.3.0&to=main (behind the same GitHub login as the details page",
		"verdict    1 change(s) did not follow the process (see Deviations); 4 pull request(s) in all; 3 known anomaly(ies).",
		"changes    (5.1, 5.5-5.7, 7.4, 8.2) #102 fail, #104 pass, #101 pass, #106 pass; verdicts recorded at merge",
		"deviation  #102 merged without a passing verdict, by admin-alice; problem report #",
		"REQ-230 “Occlusion alarm volume” ← #106",
		"untouched  2 of the 5 requirements the catalogue defines: REQ-215",
		"pull_request.synchronize x36 sent at once (3 per PR, #201-#212) -> 36 of 36 accepted (202)",
		"12 of 12 pull requests have one successful check run and one summary comment",
		"nothing the bot accepted was lost, nothing written twice",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	auditDocShowsTheRecord(t, out.String())
}

// auditDocShowsTheRecord: docs/audit.md shows the auditor the release record as the demo
// prints it, line for line (all but the count of API calls, which is not the point there).
func auditDocShowsTheRecord(t *testing.T, out string) {
	doc, err := os.ReadFile("../../docs/audit.md")
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, line := range strings.Split(out, "\n") {
		for _, label := range []string{"merged", "verdict", "changes", "deviation", "traces", "untouched", "anomalies", "SOUP"} {
			if strings.HasPrefix(line, "  "+label+" ") {
				shown++
				if !strings.Contains(string(doc), line+"\n") {
					t.Errorf("docs/audit.md does not show the demo's line\n%s", line)
				}
			}
		}
	}
	if shown < 8 {
		t.Errorf("the demo printed %d lines of the release record, want at least 8", shown)
	}
}
