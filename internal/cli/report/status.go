package report

import (
	"fmt"
	"io"
	"math"
	"os"
	"sync"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

// status is what the command says on stderr while it runs: how far judging has come, on a
// terminal only (a CI log or a file wants the summary line alone), and one line for each
// wait for GitHub's rate limit, always: a run that pauses for an hour must say so wherever
// its output goes.
type status struct {
	stderr   io.Writer
	terminal bool
	calls    func() int
	maxWait  time.Duration

	mu          sync.Mutex
	done, total int
	midLine     bool // a progress line is on the terminal, without its newline
}

func newStatus(stderr io.Writer, calls func() int, maxWait time.Duration) *status {
	return &status{stderr: stderr, terminal: isTerminal(stderr), calls: calls, maxWait: maxWait}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progress hears how many merged pull requests have been judged.
func (s *status) progress(done, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done, s.total = done, total
	if !s.terminal {
		return
	}
	fmt.Fprintf(s.stderr, "\rjudging pull requests: %d/%d", done, total)
	s.midLine = done < total
	if !s.midLine {
		fmt.Fprintln(s.stderr)
	}
}

// waiting says that the command waits for GitHub's rate limit, until when, and how far it got.
func (s *status) waiting(w githubio.Wait) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cause := "GitHub's rate limit is spent"
	if w.Secondary {
		cause = "GitHub asked to slow down (secondary rate limit)"
	}
	if s.midLine {
		fmt.Fprintln(s.stderr)
		s.midLine = false
	}
	fmt.Fprintf(s.stderr, "iec62304-bot report: %s: waiting until %s UTC (%s), then carrying on; %s, %d GitHub API calls so far (%s of --max-wait %s spent waiting)\n",
		cause, w.Until.UTC().Format("15:04:05"), inWords(time.Until(w.Until)), s.howFar(), s.calls(), inWords(w.Waited), s.maxWait)
}

// failed says why the command stopped, and when it stopped rather than wait longer, until
// when it would have had to wait.
func (s *status) failed(err error, waiter *githubio.Waiter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.midLine {
		fmt.Fprintln(s.stderr)
		s.midLine = false
	}
	fmt.Fprintf(s.stderr, "iec62304-bot report: %v\n", err)
	if w, ok := waiter.Refused(); ok {
		fmt.Fprintf(s.stderr, "iec62304-bot report: stopped after %s, %d GitHub API calls: waiting until %s UTC would pass --max-wait %s (%s waited so far); run again then, or with a longer --max-wait\n",
			s.howFar(), s.calls(), w.Until.UTC().Format("15:04:05"), s.maxWait, inWords(waiter.Waited()))
	}
}

func (s *status) howFar() string {
	if s.total == 0 {
		return "reading the range"
	}
	return fmt.Sprintf("%d/%d pull requests judged", s.done, s.total)
}

// inWords is a wait as a person reads it: minutes, or seconds under a minute, rounded up.
func inWords(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(math.Ceil(max(d, 0).Seconds())))
	}
	return fmt.Sprintf("%d min", int(math.Ceil(d.Minutes())))
}
