package delivery

import (
	"errors"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
)

func TestDecode(t *testing.T) {
	const repo = `"repository":{"name":"pump","owner":{"login":"acme"}}`
	tests := []struct {
		name, event, payload string
		want                 logfields.Subject
		malformed            bool
	}{
		{"a pull request", "pull_request", `{"action":"opened","number":7,"pull_request":{"number":7},"installation":{"id":1},` + repo + `}`,
			logfields.Subject{InstallationID: 1, Owner: "acme", Repo: "pump", Number: 7}, false},
		{"a review", "pull_request_review", `{"action":"submitted","pull_request":{"number":8},"installation":{"id":1},` + repo + `}`,
			logfields.Subject{InstallationID: 1, Owner: "acme", Repo: "pump", Number: 8}, false},
		{"an installation names no repository", "installation", `{"action":"created","installation":{"id":2}}`,
			logfields.Subject{InstallationID: 2}, false},
		{"no installation", "pull_request", `{"action":"opened",` + repo + `}`, logfields.Subject{}, true},
		{"no repository", "issues", `{"action":"opened","installation":{"id":1}}`, logfields.Subject{}, true},
		{"not the JSON of its event", "pull_request", `{"action":7}`, logfields.Subject{}, true},
		{"an event go-github does not know", "no_such_event", `{}`, logfields.Subject{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Decode("d1", tt.event, []byte(tt.payload))
			if tt.malformed {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("error %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Subject != tt.want || d.ID != "d1" || d.Event != tt.event {
				t.Errorf("got %+v, want subject %+v", d, tt.want)
			}
		})
	}
}

func TestPayloadOfNamesTheMismatch(t *testing.T) {
	d := &Delivery{ID: "d1", Event: "issues", Payload: &github.IssuesEvent{}}
	if _, err := PayloadOf[*github.IssuesEvent](d); err != nil {
		t.Errorf("the payload's own type: %v", err)
	}
	if _, err := PayloadOf[*github.PullRequestEvent](d); !errors.Is(err, ErrMalformed) {
		t.Errorf("another type: %v, want ErrMalformed", err)
	}
}
