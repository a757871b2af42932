package webhook

import (
	"context"
	"encoding/json"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"
)

// Installation logs installs, uninstalls and repository selection changes: nothing to
// evaluate, but an operator wants to see who installed the app where.
type Installation struct{}

// Handles implements githubapp.EventHandler.
func (h *Installation) Handles() []string {
	return []string{"installation", "installation_repositories"}
}

// Handle implements githubapp.EventHandler.
func (h *Installation) Handle(ctx context.Context, eventType, _ string, payload []byte) error {
	var event struct {
		Action       string `json:"action"`
		Installation struct {
			ID      int64 `json:"id"`
			Account struct {
				Login string `json:"login"`
			} `json:"account"`
		} `json:"installation"`
		Added   []json.RawMessage `json:"repositories_added"`
		Removed []json.RawMessage `json:"repositories_removed"`
	}
	if err := decode(eventType, payload, &event); err != nil {
		return err
	}
	zerolog.Ctx(ctx).Info().
		Str("action", event.Action).
		Int64(githubapp.LogKeyInstallationID, event.Installation.ID).
		Str("account", event.Installation.Account.Login).
		Int("repositories_added", len(event.Added)).
		Int("repositories_removed", len(event.Removed)).
		Msgf("%s event", eventType)
	return nil
}

var _ githubapp.EventHandler = &Installation{}
