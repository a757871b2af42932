package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

// A wait's line stands on its own line, also in the middle of the terminal's progress line,
// and says until when, how long, how far the record got and how much of --max-wait is spent.
func TestWaitLine(t *testing.T) {
	until := time.Date(2026, 11, 26, 14, 5, 0, 0, time.UTC)
	wait := githubio.Wait{Until: until, Waited: 12 * time.Minute}
	for _, tt := range []struct {
		name     string
		terminal bool
		want     string
	}{
		{"piped", false, "iec62304-bot report: GitHub's rate limit is spent: waiting until 14:05:00 UTC ("},
		{"terminal", true, "\rjudging pull requests: 312/1000\niec62304-bot report: GitHub's rate limit is spent: waiting until 14:05:00 UTC ("},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			s := &status{stderr: &out, terminal: tt.terminal, calls: func() int { return 2500 }, maxWait: 2 * time.Hour}
			s.progress(312, 1000)
			s.waiting(wait)
			got := out.String()
			if !bytes.HasPrefix(out.Bytes(), []byte(tt.want)) {
				t.Fatalf("stderr = %q; want it to begin %q", got, tt.want)
			}
			if want := "then carrying on; 312/1000 pull requests judged, 2500 GitHub API calls so far (12 min of --max-wait 2h0m0s spent waiting)\n"; !bytes.HasSuffix(out.Bytes(), []byte(want)) {
				t.Fatalf("stderr = %q; want it to end %q", got, want)
			}
		})
	}
}

func TestInWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Second:                 "0 s",
		1500 * time.Millisecond:      "2 s",
		59 * time.Second:             "59 s",
		time.Minute:                  "1 min",
		47*time.Minute + time.Second: "48 min",
	} {
		if got := inWords(d); got != want {
			t.Errorf("inWords(%s) = %q, want %q", d, got, want)
		}
	}
}
