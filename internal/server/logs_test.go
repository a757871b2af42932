package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// jsonLines parses every log line so far.
func jsonLines(b *harness.LogBuffer) []map[string]any {
	var out []map[string]any
	for _, raw := range b.Lines() {
		var m map[string]any
		if json.Unmarshal([]byte(raw), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// Every log line about an evaluation names the delivery, event, repository, PR and installation.
func TestEvaluationLogsCarryTheDelivery(t *testing.T) {
	var logs harness.LogBuffer
	h, err := harness.Start(harness.Options{Log: &logs})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	s := load(t, "class-b-pass")
	h.GitHub.AddSnapshot(s)
	send(t, h, "pull_request", "delivery-123", h.GitHub.PullRequestEvent("opened", owner, repo, 21, harness.InstallationID))
	found := false
	for _, l := range jsonLines(&logs) {
		if l["message"] != "evaluated pull request" {
			continue
		}
		found = true
		want := map[string]any{
			"github_delivery_id": "delivery-123", "github_event_type": "pull_request", "github_repository_owner": owner,
			"github_repository_name": repo, "github_pr_num": float64(21), "github_installation_id": float64(harness.InstallationID),
			"level": "info", "check_run": "created", "comment": "created", "outcome": "pass",
		}
		for k, v := range want {
			if l[k] != v {
				t.Errorf("log field %s = %v, want %v (line %v)", k, l[k], v, l)
			}
		}
	}
	if !found {
		t.Errorf("no \"evaluated pull request\" line in the logs:\n%v", jsonLines(&logs))
	}
}

// Every line of a delivery, its handling and the failure report of the evaluation it queued
// included, names the installation, repository and pull request, each once.
func TestEveryLineOfAFailedDeliveryNamesItsSubject(t *testing.T) {
	var logs harness.LogBuffer
	h, err := harness.Start(harness.Options{Log: &logs})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	s := load(t, "class-b-pass")
	h.GitHub.AddSnapshot(s)
	h.GitHub.InjectFault(githubfake.Fault{Endpoint: "GET /repos/{owner}/{repo}/pulls/{number}/files", Status: http.StatusNotFound})
	send(t, h, "pull_request", "delivery-404", h.GitHub.PullRequestEvent("opened", owner, repo, 21, harness.InstallationID))

	var messages []string
	for _, raw := range logs.Lines() {
		if !strings.Contains(raw, `"github_delivery_id":"delivery-404"`) {
			continue
		}
		var l map[string]any
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("log line is not JSON: %s", raw)
		}
		messages = append(messages, fmt.Sprint(l["message"]))
		for k, v := range map[string]any{"github_repository_owner": owner, "github_repository_name": repo,
			"github_pr_num": float64(21), "github_installation_id": float64(harness.InstallationID)} {
			if l[k] != v || strings.Count(raw, `"`+k+`"`) != 1 {
				t.Errorf("field %s = %v (want %v, once) in %s", k, l[k], v, raw)
			}
		}
	}
	for _, want := range []string{"handling webhook delivery", "job failed for good"} {
		if !slices.Contains(messages, want) {
			t.Errorf("no %q line for the delivery; lines: %q", want, messages)
		}
	}
}
