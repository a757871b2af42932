package demo

import "github.com/google/go-github/v62/github"

// Sample repository the story plays on.
const (
	owner = "acme-medical"
	repo  = "infusion-pump"
)

// step is one thing that happens on GitHub, the webhook it causes, and what the bot must end
// up showing for it.
type step struct {
	// title says what happened, for the reader.
	title string
	// state is the story directory holding the PR's state after the step (a snapshot).
	state string
	// event and action of the webhook GitHub sends for it.
	event, action string
	// redeliver sends the previous step's delivery again instead of a new one.
	redeliver bool
	// burst sends that many distinct deliveries of the webhook at once (default one).
	burst int
	// want is the check run the bot must leave: "success", "failure" or "in_progress".
	want string
	// noWrites: the bot must leave GitHub untouched (nothing changed since the last step).
	noWrites bool
	// fork names the contributor whose fork holds the PR's head (none: a branch of the repository).
	fork string
	// finding names the rule whose finding the step prints, from the check run's table.
	finding string
}

var story = []step{
	{title: "PR #101 opened: a compliant class C change to the dose calculation",
		state: "pr-101-compliant", event: "pull_request", action: "opened", want: "success", finding: "Traceability"},
	{title: "PR #102 opened: class C change with no requirement ID and no linked change request",
		state: "pr-102-missing-requirement", event: "pull_request", action: "opened", want: "failure"},
	{title: "PR #103 opened: approved only by a co-author of its commits and before the last push",
		state: "pr-103-coauthor-stale", event: "pull_request", action: "opened", want: "failure"},
	{title: "PR #104 opened: dose change without tests, one review",
		state: "pr-104-before", event: "pull_request", action: "opened", want: "failure"},
	{title: "PR #104: the author pushes unit tests (the old approval is now stale)",
		state: "pr-104-tests-pushed", event: "pull_request", action: "synchronize", want: "failure"},
	{title: "PR #104: two independent reviewers approve the new head commit",
		state: "pr-104-second-review", event: "pull_request_review", action: "submitted", want: "success"},
	{title: "GitHub redelivers the last webhook: the bot must not write anything twice",
		state: "pr-104-second-review", event: "pull_request_review", action: "submitted", redeliver: true, want: "success", noWrites: true},
	{title: "A busy minute on PR #104: 40 webhooks at once (labels added and taken off again); none refused, nothing rewritten",
		state: "pr-104-second-review", event: "pull_request", action: "labeled", burst: 40, want: "success", noWrites: true},
	{title: "PR #105 opened from a contributor's fork while CI still runs on its commit",
		state: "pr-105-fork-ci-running", fork: "outside-contributor", event: "pull_request", action: "opened", want: "in_progress"},
	{title: "CI passes on the fork's commit: GitHub's check_run names no pull request, the bot finds #105 by its head commit",
		state: "pr-105-fork-ci-passed", fork: "outside-contributor", event: "check_run", action: "completed", want: "success"},
	{title: "PR #106 opened: a docs change citing REQ-203, which the requirement catalogue (docs/requirements/*.md) does not define",
		state: "pr-106-undefined-requirement", event: "pull_request", action: "opened", want: "failure", finding: "Traceability"},
	{title: "PR #106: the author corrects the description to REQ-230, which the catalogue defines",
		state: "pr-106-requirement-corrected", event: "pull_request", action: "edited", want: "success", finding: "Traceability"},
}

// lastReview is the review a pull_request_review webhook reports: the newest one.
func lastReview(reviews []*github.PullRequestReview) *github.PullRequestReview {
	if len(reviews) == 0 {
		return nil
	}
	return reviews[len(reviews)-1]
}
