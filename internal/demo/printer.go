package demo

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// summaryLines is how much of the check run's summary a step prints.
const summaryLines = 8

type printer struct {
	w    io.Writer
	rows []row
}

type row struct {
	step      int
	pr        string
	webhook   string
	want, got string
	ok        bool
}

func (p *printer) intro(h *harness.Harness) {
	fmt.Fprintf(p.w, "iec62304-bot demo: the real server (%s) against a fake GitHub (%s), no network needed.\n", h.URL, strings.TrimSuffix(h.GitHub.URL(), "/"))
	fmt.Fprintf(p.w, "Repository %s/%s: dose-calculation is class C (dose/**), docs-site is class A (docs/**);\n", owner, repo)
	fmt.Fprintln(p.w, "its requirements are the headings of docs/requirements/*.md on main, the catalogue its policy names.")
	fmt.Fprintln(p.w, "Each step changes the repository on the fake GitHub, sends the webhook GitHub would send, and shows what the bot wrote.")
}

// step prints one step and reports whether it ended as the story says.
func (p *printer) step(n int, st step, snap *snapshot.Snapshot, got outcome) bool {
	problems := check(st, got)
	fmt.Fprintf(p.w, "\n[%d/%d] %s\n", n, len(story), st.title)
	p.printWebhook(st, got)
	fmt.Fprintf(p.w, "  GitHub     %d reads, %d writes%s\n", got.reads, len(got.writes), describeWrites(got))
	if got.run != nil {
		fmt.Fprintf(p.w, "  check run  %q on %s: %s - %s\n", got.run.GetName(), snapshot.ShortSHA(snap.HeadSHA()), state(got), got.run.GetOutput().GetTitle())
		p.printSummary(got.run.GetOutput().GetSummary())
		p.printFinding(st.finding, got.run.GetOutput().GetText())
		p.printNotCounted(got.run.GetOutput().GetText())
	}
	fmt.Fprintf(p.w, "  comment    %d summary comment(s) on #%d\n", got.comments, snap.Pull.GetNumber())
	if len(problems) == 0 {
		fmt.Fprintf(p.w, "  result     as expected: %s\n", st.want)
	} else {
		fmt.Fprintf(p.w, "  result     NOT AS EXPECTED: %s\n", strings.Join(problems, "; "))
	}
	webhook := st.event + "." + st.action
	if st.burst > 1 {
		webhook += fmt.Sprintf(" x%d", st.burst)
	}
	p.rows = append(p.rows, row{step: n, pr: fmt.Sprintf("#%d", snap.Pull.GetNumber()), webhook: webhook,
		want: st.want, got: state(got), ok: len(problems) == 0})
	return len(problems) == 0
}

func (p *printer) printWebhook(st step, got outcome) {
	if st.burst > 1 {
		fmt.Fprintf(p.w, "  webhook    %s.%s x%d sent at once -> %d of %d accepted (202), %s\n", st.event, st.action, st.burst,
			got.accepted, st.burst, pluralize(got.evaluations, "evaluation"))
		return
	}
	how := "sent"
	if st.redeliver {
		how = "redelivered"
	}
	fmt.Fprintf(p.w, "  webhook    %s.%s %s -> %d %s\n", st.event, st.action, how, got.status, http.StatusText(got.status))
}

func pluralize(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// check compares what GitHub shows with what the story demands.
func check(st step, got outcome) []string {
	var problems []string
	if got.status < 200 || got.status > 299 {
		problems = append(problems, fmt.Sprintf("webhook answered %d", got.status))
	}
	if s := state(got); s != st.want {
		problems = append(problems, fmt.Sprintf("check run is %s, want %s", s, st.want))
	}
	if got.runs > 1 {
		problems = append(problems, fmt.Sprintf("%d check runs on one commit, want 1", got.runs))
	}
	if got.comments > 1 {
		problems = append(problems, fmt.Sprintf("%d summary comments, want 1", got.comments))
	}
	if st.noWrites && len(got.writes) > 0 {
		problems = append(problems, fmt.Sprintf("%d writes, want none", len(got.writes)))
	}
	return problems
}

func state(got outcome) string {
	switch {
	case got.run == nil:
		return "no check run"
	case got.run.GetStatus() != "completed":
		return got.run.GetStatus()
	}
	return got.run.GetConclusion()
}

func describeWrites(got outcome) string {
	if len(got.writes) == 0 {
		return ""
	}
	parts := make([]string, len(got.writes))
	for i, c := range got.writes {
		parts[i] = c.Method + " " + c.Path
	}
	return ": " + strings.Join(parts, ", ")
}

func (p *printer) printSummary(summary string) {
	lines := strings.Split(strings.TrimSpace(summary), "\n")
	if len(lines) > summaryLines {
		lines = append(lines[:summaryLines], "...")
	}
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			fmt.Fprintf(p.w, "             %s\n", l)
		}
	}
}

// markdownEscape is a backslash escape of Markdown ("\\#90"), which a terminal shows as is.
var markdownEscape = regexp.MustCompile(`\\([[:punct:]])`)

// printFinding shows one rule's finding, as the check run's table states it.
func (p *printer) printFinding(rule, text string) {
	if rule == "" {
		return
	}
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(l, "| "+rule+" |") {
			continue
		}
		cells := strings.Split(strings.Trim(l, "| "), " | ")
		fmt.Fprintf(p.w, "  finding    %s: %s\n", rule, markdownEscape.ReplaceAllString(cells[len(cells)-1], "$1"))
		return
	}
}

// printNotCounted shows the evidence the bot found but did not count, and why: the part of a
// failure a reviewer most needs to see.
func (p *printer) printNotCounted(text string) {
	for _, l := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(l, "- not counted: "); ok {
			fmt.Fprintf(p.w, "             not counted: %s\n", rest)
		}
	}
}

func (p *printer) summary(results []bool) error {
	fmt.Fprintln(p.w, "\nSummary")
	tw := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  step\tPR\twebhook\texpected\tgot\t")
	passed := 0
	for _, r := range p.rows {
		mark := "ok"
		if r.ok {
			passed++
		} else {
			mark = "FAILED"
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", r.step, r.pr, r.webhook, r.want, r.got, mark)
	}
	tw.Flush()
	fmt.Fprintf(p.w, "%d of %d steps ended as expected.\n", passed, len(results))
	if passed != len(results) {
		return errors.New("demo: some steps did not end as expected")
	}
	return nil
}
