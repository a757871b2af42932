package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
)

// Installation logs installs, uninstalls and repository selection changes: nothing to
// evaluate, but an operator wants to see who installed the app where.
type Installation struct{}

// Handles implements delivery.Handler.
func (h *Installation) Handles() []string {
	return []string{"installation", "installation_repositories"}
}

// Handle implements delivery.Handler.
func (h *Installation) Handle(ctx context.Context, d *delivery.Delivery) error {
	var action string
	var inst *github.Installation
	var added, removed int
	switch e := d.Payload.(type) {
	case *github.InstallationEvent:
		action, inst = e.GetAction(), e.GetInstallation()
	case *github.InstallationRepositoriesEvent:
		action, inst, added, removed = e.GetAction(), e.GetInstallation(), len(e.RepositoriesAdded), len(e.RepositoriesRemoved)
	default:
		_, err := delivery.PayloadOf[*github.InstallationEvent](d)
		return err
	}
	zerolog.Ctx(ctx).Info().
		Str("action", action).
		Int64(githubapp.LogKeyInstallationID, inst.GetID()).
		Str("account", inst.GetAccount().GetLogin()).
		Int("repositories_added", added).
		Int("repositories_removed", removed).
		Msgf("%s event", d.Event)
	return nil
}

var _ delivery.Handler = &Installation{}
