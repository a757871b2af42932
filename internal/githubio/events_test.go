package githubio_test

import (
	"net/http"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// TestFetchIssueEvents: a linked issue carrying the approved label has its events read, so
// the engine knows who approved it; one whose events are not readable is left out (the engine
// then fails closed), and any other failure is an error.
func TestFetchIssueEvents(t *testing.T) {
	const endpoint = "GET /repos/{owner}/{repo}/issues/{number}/events"
	tests := []struct {
		name    string
		fault   int
		events  int
		wantErr string
	}{
		{"read", 0, 2, ""},
		{"not readable", http.StatusForbidden, -1, ""},
		{"GitHub error", http.StatusBadGateway, -1, "list events of issue acme-medical/infusion-pump#52"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fetchWithFault(t, "class-c-pass", endpoint, tt.fault, tt.wantErr)
			if got == nil {
				return
			}
			events, ok := got.IssueEvents[snapshot.IssueRef{Owner: owner, Repo: repo, Number: 52}]
			if tt.events < 0 && ok {
				t.Errorf("events %v, want none", events)
			}
			if tt.events >= 0 && (len(events) != tt.events || events[1].GetActor().GetLogin() != "quinn") {
				t.Errorf("events %v, want %d ending with quinn's labelling", events, tt.events)
			}
		})
	}
}
