package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"sync"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) lines() []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b.buf.Bytes()))
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// Every log line about an evaluation names the delivery, event, repository, PR and installation.
func TestEvaluationLogsCarryTheDelivery(t *testing.T) {
	var logs syncBuffer
	h, err := harness.Start(harness.Options{Log: &logs})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	s := load(t, "class-b-pass")
	h.GitHub.AddSnapshot(s)
	send(t, h, "pull_request", "delivery-123", h.GitHub.PullRequestEvent("opened", owner, repo, 21, harness.InstallationID))
	found := false
	for _, l := range logs.lines() {
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
		t.Errorf("no \"evaluated pull request\" line in the logs:\n%v", logs.lines())
	}
}
