// Package logfields puts the fields that name what a delivery is about (installation,
// repository, pull request) on the zerolog logger carried in a context, each once, whichever
// layer learns them first: the HTTP layer from the payload, the evaluation from its target.
// The key names are go-githubapp's, so its own lines and ours read alike.
package logfields

import (
	"context"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"
)

// Subject is what a delivery is about; a zero field is unknown.
type Subject struct {
	InstallationID int64
	Owner, Repo    string
	Number         int
}

type key struct{}

// With returns ctx whose logger also carries the fields of s that it does not carry yet, so a
// line never names the same field twice. A different PR number is added: one delivery (a
// check suite, an issue) can lead to several pull requests.
func With(ctx context.Context, s Subject) context.Context {
	have, _ := ctx.Value(key{}).(Subject)
	next, lc := have, zerolog.Ctx(ctx).With()
	if s.InstallationID > 0 && have.InstallationID == 0 {
		next.InstallationID, lc = s.InstallationID, lc.Int64(githubapp.LogKeyInstallationID, s.InstallationID)
	}
	if s.Repo != "" && have.Repo == "" {
		next.Owner, next.Repo = s.Owner, s.Repo
		lc = lc.Str(githubapp.LogKeyRepositoryOwner, s.Owner).Str(githubapp.LogKeyRepositoryName, s.Repo)
	}
	if s.Number > 0 && s.Number != have.Number {
		next.Number, lc = s.Number, lc.Int(githubapp.LogKeyPRNum, s.Number)
	}
	if next == have {
		return ctx
	}
	logger := lc.Logger()
	return context.WithValue(logger.WithContext(ctx), key{}, next)
}

// Carry moves the logger and what it names from one context to another: the async scheduler
// runs each delivery in a fresh context.
func Carry(from, to context.Context) context.Context {
	to = zerolog.Ctx(from).WithContext(to)
	if s, ok := from.Value(key{}).(Subject); ok {
		to = context.WithValue(to, key{}, s)
	}
	return to
}
