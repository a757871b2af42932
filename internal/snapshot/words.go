package snapshot

import (
	"strconv"
	"strings"
)

// Check run statuses and conclusions, and commit status states, as GitHub spells them.
const (
	StatusQueued     = "queued"
	StatusInProgress = "in_progress"
	StatusCompleted  = "completed"

	ConclusionSuccess        = "success"
	ConclusionFailure        = "failure"
	ConclusionNeutral        = "neutral"
	ConclusionCancelled      = "cancelled"
	ConclusionTimedOut       = "timed_out"
	ConclusionActionRequired = "action_required"
	ConclusionSkipped        = "skipped"
	ConclusionStale          = "stale"

	StateSuccess = "success"
	StatePending = "pending"
	StateFailure = "failure"
	StateError   = "error"
)

// BotCheckName is the check run the bot itself writes on each head commit.
const BotCheckName = "IEC 62304"

// ShortSHA is a commit as GitHub's pages abbreviate it: its first seven characters.
func ShortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// NameIn writes the issue as GitHub does from inside owner/repo: "#12" for one of that
// repository (its names in any case), else "other/repo#12".
func (r IssueRef) NameIn(owner, repo string) string {
	if strings.EqualFold(r.Owner, owner) && strings.EqualFold(r.Repo, repo) {
		return "#" + strconv.Itoa(r.Number)
	}
	return r.String()
}
