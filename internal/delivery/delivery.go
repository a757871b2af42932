// Package delivery is a webhook delivery decoded once: its event, the go-github value of its
// payload and what it is about. The delivery worker decodes it, and routing, the log fields
// and the event's handler all use that one value.
package delivery

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
)

// Delivery is one decoded webhook delivery.
type Delivery struct {
	ID    string // X-GitHub-Delivery
	Event string // X-GitHub-Event
	// Payload is go-github's type for Event: *github.PullRequestEvent for pull_request, and so on.
	Payload any
	// Subject is the installation, repository and pull request the delivery is about, for logs.
	Subject logfields.Subject
}

// Handler handles the deliveries of the events it names.
type Handler interface {
	Handles() []string
	Handle(ctx context.Context, d *Delivery) error
}

// ErrMalformed marks a payload that is not an event the app can act on: trying again cannot help.
var ErrMalformed = errors.New("malformed webhook payload")

// Decode parses a payload into go-github's type for its event, and refuses one without the
// installation and repository every app event carries (installation events name no repository).
func Decode(id, event string, payload []byte) (*Delivery, error) {
	parsed, err := github.ParseWebHook(event, payload)
	if err != nil {
		return nil, fmt.Errorf("delivery %s (%s): %w: %v", id, event, ErrMalformed, err)
	}
	d := &Delivery{ID: id, Event: event, Payload: parsed}
	if e, ok := parsed.(interface{ GetInstallation() *github.Installation }); ok {
		d.Subject.InstallationID = e.GetInstallation().GetID()
	}
	if d.Subject.InstallationID == 0 {
		return nil, fmt.Errorf("delivery %s (%s): %w: no installation.id", id, event, ErrMalformed)
	}
	if e, ok := parsed.(interface{ GetRepo() *github.Repository }); ok && e.GetRepo() != nil {
		d.Subject.Owner, d.Subject.Repo = e.GetRepo().GetOwner().GetLogin(), e.GetRepo().GetName()
	} else if event != "installation" && event != "installation_repositories" {
		return nil, fmt.Errorf("delivery %s (%s): %w: no repository", id, event, ErrMalformed)
	}
	if e, ok := parsed.(interface{ GetPullRequest() *github.PullRequest }); ok {
		d.Subject.Number = e.GetPullRequest().GetNumber()
	}
	return d, nil
}

// PayloadOf is d's payload as T, go-github's type for its event; an error when it is not.
func PayloadOf[T any](d *Delivery) (T, error) {
	p, ok := d.Payload.(T)
	if !ok {
		return p, fmt.Errorf("delivery %s (%s): %w: payload is %T, want %T", d.ID, d.Event, ErrMalformed, d.Payload, p)
	}
	return p, nil
}
