package server_test

import (
	"net/http"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/policies"
)

// The policy file's schema is served on the webhook port, whole, as a JSON Schema, for the
// editor line docs/policies.md shows.
func TestPolicySchemaIsServed(t *testing.T) {
	h := start(t)
	url := h.URL + "/iec62304.schema.json"
	if code, body := get(t, http.DefaultClient, url); code != http.StatusOK || body != string(policies.Schema) {
		t.Errorf("GET %s = %d with %d bytes, want 200 with policies/iec62304.schema.json (%d bytes)", url, code, len(body), len(policies.Schema))
	}
	resp, err := http.Head(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Content-Type"); got != "application/schema+json" {
		t.Errorf("HEAD %s: Content-Type %q, want application/schema+json", url, got)
	}
}
