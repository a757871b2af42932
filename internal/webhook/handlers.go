package webhook

import "github.com/palantir/go-githubapp/githubapp"

// Service is what the handlers need: evaluations and the lookups that find which PRs to evaluate.
type Service interface {
	Evaluator
	PullFinder
}

// Handlers returns one handler per event the app reacts to; appID identifies the app's own checks.
func Handlers(appID int64, svc Service) []githubapp.EventHandler {
	return []githubapp.EventHandler{
		NewPullRequest(svc),
		NewPullRequestReview(svc),
		NewCheckRun(appID, svc, svc),
		NewCheckSuite(appID, svc, svc),
		&Status{Evaluator: svc, Finder: svc},
		&Issues{Evaluator: svc, Finder: svc},
		&Installation{},
	}
}
