package webhook

import "github.com/iec62304-bot/iec62304-bot/internal/delivery"

// Service is what the handlers need: evaluations and the lookups that find which PRs to evaluate.
type Service interface {
	Evaluator
	PullFinder
}

// Handlers returns one handler per event the app reacts to; appID identifies the app's own
// checks, reports does the problem-report work (clause 9).
func Handlers(appID int64, svc Service, reports Reporter) []delivery.Handler {
	return []delivery.Handler{
		&PullRequest{PullEvents: NewPullRequest(svc), Reports: reports},
		NewPullRequestReview(svc),
		&DefaultBranchChecks{Handler: NewCheckRun(appID, svc, svc), AppID: appID, Reports: reports},
		NewCheckSuite(appID, svc, svc),
		&DefaultBranchChecks{Handler: &Status{Evaluator: svc, Finder: svc}, AppID: appID, Reports: reports},
		&IssuesWithReports{Issues: &Issues{Evaluator: svc, Finder: svc}, Reports: reports},
		&IssueComment{Reports: reports},
		&Installation{},
	}
}
