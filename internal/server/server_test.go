package server_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

const owner, repo = "acme-medical", "infusion-pump"

func start(t *testing.T) *harness.Harness {
	t.Helper()
	return startWith(t, harness.Options{})
}

func startWith(t *testing.T, opts harness.Options) *harness.Harness {
	t.Helper()
	h, err := harness.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := h.Close(); err != nil {
			t.Errorf("close harness: %v", err)
		}
		if calls := h.GitHub.UnexpectedCalls(); len(calls) > 0 {
			t.Errorf("the app called endpoints the fake does not serve: %+v", calls)
		}
	})
	return h
}

func load(t *testing.T, name string) *snapshot.Snapshot {
	t.Helper()
	s, err := loadSnapshot(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func loadSnapshot(name string) (*snapshot.Snapshot, error) {
	return snapshot.LoadDir(filepath.Join("..", "..", "testdata", "snapshots", name))
}

func send(t *testing.T, h *harness.Harness, event, delivery string, payload any) int {
	t.Helper()
	status, err := h.Send(context.Background(), event, delivery, payload)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
	return status
}

// ours returns the app's check runs on a commit and the summary comments on the PR.
func ours(h *harness.Harness, s *snapshot.Snapshot) ([]*github.CheckRun, []*github.IssueComment) {
	return oursOn(h.GitHub, s)
}

// oursOn returns the app's check runs and summary comments for s on a fake GitHub.
func oursOn(fake *githubfake.Server, s *snapshot.Snapshot) ([]*github.CheckRun, []*github.IssueComment) {
	var runs []*github.CheckRun
	for _, r := range fake.CheckRuns(owner, repo, s.HeadSHA()) {
		if r.GetName() == githubio.CheckRunName {
			runs = append(runs, r)
		}
	}
	var comments []*github.IssueComment
	for _, c := range fake.Comments(owner, repo, s.Pull.GetNumber()) {
		if strings.Contains(c.GetBody(), "iec62304-bot:summary") {
			comments = append(comments, c)
		}
	}
	return runs, comments
}

// opened seeds a snapshot on the fake GitHub and delivers its pull_request.opened.
func opened(t *testing.T, h *harness.Harness, name string) *snapshot.Snapshot {
	t.Helper()
	s := load(t, name)
	h.GitHub.AddSnapshot(s)
	send(t, h, "pull_request", "opened-"+name, h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
	return s
}

func wantOne(t *testing.T, h *harness.Harness, s *snapshot.Snapshot, status, conclusion string, comments int) *github.CheckRun {
	t.Helper()
	runs, cs := ours(h, s)
	if len(runs) != 1 {
		t.Fatalf("%d IEC 62304 check runs on %s, want exactly 1", len(runs), s.HeadSHA())
	}
	if runs[0].GetStatus() != status || runs[0].GetConclusion() != conclusion {
		t.Errorf("check run %s/%s, want %s/%s: %s", runs[0].GetStatus(), runs[0].GetConclusion(), status, conclusion, runs[0].GetOutput().GetTitle())
	}
	if len(cs) != comments {
		t.Errorf("%d summary comments, want %d", len(cs), comments)
	}
	return runs[0]
}

func writes(h *harness.Harness) []githubfake.Call {
	var out []githubfake.Call
	for _, c := range h.GitHub.Calls() {
		if c.Write() && !strings.HasSuffix(c.Path, "/access_tokens") {
			out = append(out, c)
		}
	}
	return out
}

func TestEveryClassEndsWithTheRightCheckRun(t *testing.T) {
	h := start(t)
	tests := []struct {
		snapshot, status, conclusion string
		comments                     int
	}{
		{"class-a-pass", "completed", "success", 1},
		{"class-a-fail", "completed", "failure", 1},
		{"class-b-pass", "completed", "success", 1},
		{"class-b-fail", "completed", "failure", 1},
		{"class-c-pass", "completed", "success", 1},
		{"class-c-fail", "completed", "failure", 1},
		{"class-c-pending", "in_progress", "", 1},
		{"not-configured", "completed", "neutral", 0},
		{"broken-config", "completed", "failure", 0},
	}
	for _, tt := range tests {
		t.Run(tt.snapshot, func(t *testing.T) {
			s := load(t, tt.snapshot)
			h.GitHub.AddSnapshot(s)
			o, r := s.BaseRepo()
			send(t, h, "pull_request", "d-"+tt.snapshot, h.GitHub.PullRequestEvent("opened", o, r, s.Pull.GetNumber(), harness.InstallationID))
			if o != owner || r != repo {
				return // the not-configured repository: checked below by title
			}
			wantOne(t, h, s, tt.status, tt.conclusion, tt.comments)
		})
	}
	web := load(t, "not-configured")
	runs := h.GitHub.CheckRuns("acme-medical", "website", web.HeadSHA())
	if len(runs) != 1 || runs[0].GetConclusion() != "neutral" || !strings.Contains(runs[0].GetOutput().GetSummary(), "To opt in") {
		t.Errorf("not-configured repository: %d check runs, %+v", len(runs), runs)
	}
}

func TestRedeliveryWritesNothingTwice(t *testing.T) {
	h := start(t)
	s := load(t, "class-c-fail")
	h.GitHub.AddSnapshot(s)
	event := h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID)
	send(t, h, "pull_request", "same-delivery", event)
	h.GitHub.ResetCalls()
	for i := 0; i < 3; i++ {
		send(t, h, "pull_request", "same-delivery", event)
	}
	wantOne(t, h, s, "completed", "failure", 1)
	if w := writes(h); len(w) != 0 {
		t.Errorf("redelivery wrote %d times: %+v", len(w), w)
	}
}

// One evaluation asks GitHub for each thing once: the write step finds the app's check run
// among those the read step fetched (the budget is one read round and one write).
func TestOneEvaluationReadsEachThingOnce(t *testing.T) {
	h := start(t)
	s := opened(t, h, "class-c-pass")
	h.GitHub.ResetCalls()
	send(t, h, "pull_request", "d2", h.GitHub.PullRequestEvent("synchronize", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
	seen := map[string]bool{}
	for _, c := range h.GitHub.Calls() {
		if key := c.Method + " " + c.Path; seen[key] {
			t.Errorf("%s was called twice in one evaluation", key)
		} else {
			seen[key] = true
		}
	}
}

func TestConcurrentDeliveriesForOnePRConverge(t *testing.T) {
	h := start(t)
	s := load(t, "class-c-pass")
	h.GitHub.AddSnapshot(s)
	event := h.GitHub.PullRequestEvent("synchronize", owner, repo, s.Pull.GetNumber(), harness.InstallationID)
	burst := make([]any, 20)
	for i := range burst {
		burst[i] = event
	}
	sendAtOnce(t, h, burst...)
	wantOne(t, h, s, "completed", "success", 1)
}

// A review webhook for the new head can arrive before the synchronize webhook; the app reads
// fresh state either way, so both orders end on the new head's true verdict.
func TestReviewBeforeSynchronize(t *testing.T) {
	h := start(t)
	before := load(t, "class-c-fail")
	h.GitHub.AddSnapshot(before)
	send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, 32, harness.InstallationID))

	after := load(t, "class-c-pass") // same PR number, a new head with tests and two approvals
	after.Pull.Number = github.Int(32)
	h.GitHub.ReplacePull(after)
	review := after.Reviews[len(after.Reviews)-1]
	send(t, h, "pull_request_review", "d2", h.GitHub.PullRequestReviewEvent("submitted", owner, repo, 32, review, harness.InstallationID))
	wantOne(t, h, after, "completed", "success", 1)
	send(t, h, "pull_request", "d3", h.GitHub.PullRequestEvent("synchronize", owner, repo, 32, harness.InstallationID))
	wantOne(t, h, after, "completed", "success", 1)
	if runs, _ := ours(h, before); len(runs) != 1 || runs[0].GetConclusion() != "failure" {
		t.Errorf("the old head's check run changed: %+v", runs)
	}
}

func TestRejectedDeliveries(t *testing.T) {
	h := start(t)
	s := load(t, "class-c-pass")
	h.GitHub.AddSnapshot(s)
	event := h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID)
	tests := []struct {
		name   string
		sender githubfake.WebhookSender
		event  string
		body   any
		want   int
	}{
		{"bad signature", githubfake.WebhookSender{URL: h.Sender.URL, Secret: "wrong-secret"}, "pull_request", event, http.StatusUnauthorized},
		{"malformed JSON", h.Sender, "pull_request", []byte(`{"action": "opened", "pull_request": `), http.StatusBadRequest},
		// Stored unparsed (the answer waits for nothing more), then failed for good by the worker.
		{"wrong shape", h.Sender, "pull_request", []byte(`{"action": "opened", "number": "seven", "installation": {"id": 4242}}`), http.StatusAccepted},
		{"no installation", h.Sender, "pull_request", []byte(`{"action": "opened", "number": 7, "repository": {"name": "x"}}`), http.StatusAccepted},
		{"unknown event is acknowledged", h.Sender, "star", []byte(`{"action": "created"}`), http.StatusAccepted},
		{"ping is acknowledged", h.Sender, "ping", []byte(`{"zen": "Design for failure."}`), http.StatusAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.GitHub.ResetCalls()
			resp, err := tt.sender.Send(context.Background(), tt.event, "d-"+tt.name, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status %d (%s), want %d", resp.StatusCode, body, tt.want)
			}
			if err := h.WaitIdle(harness.IdleTimeout); err != nil {
				t.Fatal(err)
			}
			if w := writes(h); len(w) != 0 {
				t.Errorf("a rejected delivery wrote to GitHub: %+v", w)
			}
		})
	}
}

func TestGitHubFaultsAreRetried(t *testing.T) {
	tests := []struct {
		name  string
		fault githubfake.Fault
	}{
		{"502 on the check-run write", githubfake.Fault{Endpoint: "POST /repos/{owner}/{repo}/check-runs", Status: http.StatusBadGateway, Times: 2}},
		{"500 reading files", githubfake.Fault{Endpoint: "GET /repos/{owner}/{repo}/pulls/{number}/files", Status: http.StatusInternalServerError, Times: 1}},
		{"secondary rate limit on the comment", githubfake.Fault{Endpoint: "POST /repos/{owner}/{repo}/issues/{number}/comments", Status: http.StatusForbidden, RetryAfter: time.Second, Times: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t)
			s := load(t, "class-b-pass")
			h.GitHub.AddSnapshot(s)
			h.GitHub.InjectFault(tt.fault)
			send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
			wantOne(t, h, s, "completed", "success", 1)
			failed := 0
			for _, c := range h.GitHub.Calls() {
				if c.Endpoint == tt.fault.Endpoint && c.Status >= 400 {
					failed++
				}
			}
			if failed != tt.fault.Times {
				t.Errorf("%d failed calls to %s, want %d", failed, tt.fault.Endpoint, tt.fault.Times)
			}
		})
	}
}

func TestBrokenConfigQuotesValidate(t *testing.T) {
	h := start(t)
	s := opened(t, h, "broken-config")
	run := wantOne(t, h, s, "completed", "failure", 0)
	summary := run.GetOutput().GetSummary()
	// Exactly what `iec62304-bot validate .github/iec62304.yml` prints, line for line.
	_, err := policyfile.Parse(policyfile.DefaultPath, s.Config)
	var invalid *policyfile.ValidationError
	if !errors.As(err, &invalid) || len(invalid.Problems) == 0 {
		t.Fatalf("the broken-config fixture parses: %v", err)
	}
	for _, p := range invalid.Problems {
		if !strings.Contains(summary, "\n"+p.String()+"\n") {
			t.Errorf("check run summary lacks validate's line %q:\n%s", p.String(), summary)
		}
	}
}

func TestCommentStaysTrueWhenThePolicyBreaks(t *testing.T) {
	h := startWith(t, harness.Options{NoPublicURL: true})
	s := load(t, "class-c-fail")
	h.GitHub.AddSnapshot(s)
	event := h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID)
	send(t, h, "pull_request", "d1", event)
	wantOne(t, h, s, "completed", "failure", 1)

	h.GitHub.SetFile(owner, repo, "main", policyfile.DefaultPath, []byte("version: 1\nsystems: oops\n"))
	send(t, h, "pull_request", "d2", event)
	run := wantOne(t, h, s, "completed", "failure", 1)
	_, comments := ours(h, s)
	if title := run.GetOutput().GetTitle(); !strings.Contains(comments[0].GetBody(), title) || strings.Contains(comments[0].GetBody(), "rules failing") {
		t.Errorf("comment still shows the old verdict beside the check run %q:\n%s", title, comments[0].GetBody())
	}

	// A redelivery changes nothing: even with no details URL configured, the check run that
	// GitHub fills with the app's homepage is recognised as unchanged.
	h.GitHub.ResetCalls()
	send(t, h, "pull_request", "d2", event)
	if w := writes(h); len(w) != 0 {
		t.Errorf("redelivery wrote %d times: %+v", len(w), w)
	}
}

func TestPolicyIsReadFromTheBaseBranch(t *testing.T) {
	h := start(t)
	s := load(t, "class-c-fail")
	h.GitHub.AddSnapshot(s)
	// The PR's own branch carries a policy that would let everything pass: it must be ignored.
	h.GitHub.SetFile(owner, repo, s.Pull.GetHead().GetRef(), ".github/iec62304.yml", []byte("version: 1\ndefault_class: A\n"))
	send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
	wantOne(t, h, s, "completed", "failure", 1)
	base := h.GitHub.BranchCommit(owner, repo, "main")
	for _, c := range h.GitHub.Calls() {
		if strings.Contains(c.Path, "/contents/") && !strings.Contains(c.Query, "ref="+base) {
			t.Errorf("policy read from %s?%s, want the base branch main's commit %s", c.Path, c.Query, base)
		}
	}
}

// Health and readiness answer on the webhook port; /metrics only on its own listener, since
// it names installations and repositories.
func TestHealthReadinessAndMetrics(t *testing.T) {
	h := start(t)
	opened(t, h, "class-a-pass")
	for url, want := range map[string]struct {
		status int
		body   string
	}{
		h.URL + "/healthz":        {200, "ok"},
		h.URL + "/readyz":         {200, "ready"},
		h.URL + "/metrics":        {404, ""},
		h.MetricsURL + "/metrics": {200, `iec62304_webhook_deliveries_total{event="pull_request",outcome="accepted"} 1`},
		h.MetricsURL + "/healthz": {404, ""},
	} {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want.status || !strings.Contains(string(body), want.body) {
			t.Errorf("GET %s = %d, want %d containing %q", url, resp.StatusCode, want.status, want.body)
		}
	}
	body := metrics(t, h)
	for _, want := range []string{`iec62304_evaluation_duration_seconds_count{outcome="pass"} 1`, `iec62304_github_api_calls_total{endpoint="/repos/{owner}/{repo}/check-runs",method="POST",status="201"} 1`, "iec62304_github_rate_limit_remaining"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// The check run's details link answers: until the evidence page lands, it leads to the PR's
// checks on GitHub; anything that is not a PR path is not found.
func TestDetailsLinkLeadsToThePullRequestChecks(t *testing.T) {
	h := start(t)
	s := opened(t, h, "class-a-pass")
	run := wantOne(t, h, s, "completed", "success", 1)
	path, ok := strings.CutPrefix(run.GetDetailsURL(), harness.PublicURL)
	if !ok {
		t.Fatalf("details URL %q is not under %s", run.GetDetailsURL(), harness.PublicURL)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{
		path: fmt.Sprintf("https://github.com/%s/%s/pull/%d/checks", owner, repo, s.Pull.GetNumber()),
		"/repos/acme-medical/infusion-pump/pulls/0": "",
		"/repos/acme-medical/in%20fusion/pulls/7":   "",
	} {
		resp, err := noFollow.Get(h.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); got != want || (want == "") != (resp.StatusCode == http.StatusNotFound) {
			t.Errorf("GET %s = %d to %q, want %q", path, resp.StatusCode, got, want)
		}
	}
}

// Shutdown (SIGTERM) finishes the running jobs and leaves the waiting ones in the database: a
// restarted server (here, a second one on the same database) handles them, so nothing
// accepted is lost.
func TestShutdownLosesNothingAccepted(t *testing.T) {
	h := start(t)
	s := load(t, "class-b-pass")
	h.GitHub.AddSnapshot(s)
	h.GitHub.SetLatency("GET /repos/{owner}/{repo}/pulls/{number}/files", 300*time.Millisecond)
	for i := 0; i < 3; i++ {
		if status, err := h.Send(context.Background(), "pull_request", fmt.Sprintf("d%d", i), h.GitHub.PullRequestEvent("opened", owner, repo, 21, harness.InstallationID)); err != nil || status != 202 {
			t.Fatalf("delivery %d: %d, %v", i, status, err)
		}
	}
	if h.Server.InFlight() == 0 {
		t.Fatal("nothing in flight before shutdown; the test proves nothing")
	}
	if err := h.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Send(context.Background(), "pull_request", "late", h.GitHub.PullRequestEvent("opened", owner, repo, 21, harness.InstallationID)); err == nil {
		t.Error("the stopped server still took a delivery")
	}
	restarted := startWith(t, harness.Options{GitHub: h.GitHub, DatabaseURL: h.DatabaseURL})
	if err := restarted.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
	wantOne(t, restarted, s, "completed", "success", 1)
}

// A job that fails on a transient GitHub error is retried by the queue with backoff and ends
// right; one that fails for good (a 404) is not retried and is counted; a retry still waiting
// at shutdown runs after a restart.
func TestTransientFailuresAreRetriedByTheQueue(t *testing.T) {
	const endpoint = "GET /repos/{owner}/{repo}/pulls/{number}"
	t.Run("recovers", func(t *testing.T) {
		h := start(t)
		s := load(t, "class-b-pass")
		h.GitHub.AddSnapshot(s)
		h.GitHub.InjectFault(githubfake.Fault{Endpoint: endpoint, Status: http.StatusBadGateway, Times: 2})
		send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
		wantOne(t, h, s, "completed", "success", 1)
		if m := metrics(t, h); !strings.Contains(m, `iec62304_job_retries_total{kind="evaluate_pull",reason="error"} 2`) {
			t.Errorf("/metrics does not count 2 retries")
		}
	})
	t.Run("a permanent failure is not retried", func(t *testing.T) {
		var logs harness.LogBuffer
		h := startWith(t, harness.Options{Log: &logs})
		s := load(t, "class-b-pass")
		h.GitHub.AddSnapshot(s)
		h.GitHub.InjectFault(githubfake.Fault{Endpoint: endpoint, Status: http.StatusNotFound})
		send(t, h, "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
		m := metrics(t, h)
		if strings.Contains(m, "iec62304_job_retries_total{") || !strings.Contains(m, `iec62304_job_failures_total{kind="evaluate_pull",reason="permanent"} 1`) {
			t.Errorf("a 404 was retried, or its failure not counted")
		}
		if !strings.Contains(logs.String(), "job failed for good") || !strings.Contains(logs.String(), "404") {
			t.Errorf("the final failure is not logged with its reason:\n%s", logs.String())
		}
	})
	t.Run("a retry waiting at shutdown runs after a restart", func(t *testing.T) {
		slow := harness.QuickQueue
		slow.Retry.First, slow.Retry.Max = 2*time.Second, 2*time.Second
		h := startWith(t, harness.Options{Queue: &slow})
		s := load(t, "class-b-pass")
		h.GitHub.AddSnapshot(s)
		h.GitHub.InjectFault(githubfake.Fault{Endpoint: endpoint, Status: http.StatusServiceUnavailable, Times: 1})
		if _, err := h.Send(context.Background(), "pull_request", "d1", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID)); err != nil {
			t.Fatal(err)
		}
		for !strings.Contains(metrics(t, h), `iec62304_job_retries_total{kind="evaluate_pull",reason="error"} 1`) {
			time.Sleep(10 * time.Millisecond)
		}
		if err := h.Stop(); err != nil {
			t.Fatalf("stop with a retry waiting: %v", err)
		}
		restarted := startWith(t, harness.Options{GitHub: h.GitHub, DatabaseURL: h.DatabaseURL})
		if err := restarted.WaitIdle(harness.IdleTimeout); err != nil {
			t.Fatal(err)
		}
		wantOne(t, restarted, s, "completed", "success", 1)
	})
}
