package webhook

import (
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
)

// Coalescing is a handler whose deliveries can share one evaluation: two deliveries with the
// same non-empty key evaluate the same pull requests, each reading their state afresh, so a
// delivery still waiting in the queue covers every later one with its key. The intake uses it
// to keep a burst (a busy PR, a CI matrix finishing) from filling the queue.
type Coalescing interface {
	CoalesceKey(eventType string, payload []byte) string
}

// pullKey is the coalescing key of a delivery that evaluates one pull request.
func pullKey(t evaluation.Target) string {
	if t.Number == 0 {
		return ""
	}
	return "pull:" + strconv.FormatInt(t.InstallationID, 10) + ":" + strings.ToLower(t.String())
}

// commitKey is the coalescing key of a delivery that evaluates the open pull requests whose
// head is a commit.
func commitKey(installationID int64, repo *github.Repository, sha string) string {
	return "commit:" + strconv.FormatInt(installationID, 10) + ":" + strings.ToLower(repo.GetFullName()) + "@" + sha
}

// issueKey is the coalescing key of a delivery that evaluates the open pull requests linking
// an issue.
func issueKey(installationID int64, repo *github.Repository, number int) string {
	return "issue:" + strconv.FormatInt(installationID, 10) + ":" + strings.ToLower(repo.GetFullName()) + "#" + strconv.Itoa(number)
}

// targetIf is the delivery's pull request when its action is one of actions.
func targetIf(actions map[string]bool, action string, inst *github.Installation, repo *github.Repository, number int) (evaluation.Target, string, error) {
	if !actions[action] || number <= 0 {
		return evaluation.Target{}, action, nil
	}
	return evaluation.Target{InstallationID: inst.GetID(), Owner: repo.GetOwner().GetLogin(), Repo: repo.GetName(), Number: number}, action, nil
}
