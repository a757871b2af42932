package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
)

// Reporter does the problem-report work of clause 9 (and the change-request checks of 8.2.1)
// that some deliveries carry besides an evaluation. That work has side effects (an issue
// filed, an occurrence added), so it is done for each delivery that carries it; only the
// evaluations are shared (queue.Evaluate).
type Reporter interface {
	Merged(ctx context.Context, m reporting.Merge) error
	CheckCompleted(ctx context.Context, r reporting.Repo, done reporting.CheckDone) error
	Command(ctx context.Context, r reporting.Repo, cmd reporting.CommandComment) error
	Refresh(ctx context.Context, r reporting.Repo, number int) error
}

func repoOf(inst *github.Installation, repo *github.Repository) reporting.Repo {
	return reporting.Repo{InstallationID: inst.GetID(), Owner: repo.GetOwner().GetLogin(), Name: repo.GetName(), DefaultBranch: repo.GetDefaultBranch()}
}

func isBot(u *github.User) bool { return u.GetType() == "Bot" }
