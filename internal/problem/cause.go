package problem

import (
	"net/url"
	"strconv"
	"strings"
)

// Cause is what a report the bot files is about; one cause never gets two reports.
type Cause struct {
	Kind CauseKind
	// Repo is "owner/name", lower case: GitHub names are case-blind.
	Repo string
	// Key names the cause within the repository: a pull request number, a check name, a
	// comment ID.
	Key string
}

// CauseKind is what made the bot file a report; it labels metrics too.
type CauseKind string

// The triggers of clause 9 reports.
const (
	CauseMerge         CauseKind = "merge"
	CauseDefaultBranch CauseKind = "default_branch"
	CauseCommand       CauseKind = "command"
)

// MergeCause is a pull request merged while not passing.
func MergeCause(repo string, number int) Cause {
	return Cause{CauseMerge, strings.ToLower(repo), strconv.Itoa(number)}
}

// CheckCause is a check failing on the default branch: one open report per check.
func CheckCause(repo, check string) Cause {
	return Cause{CauseDefaultBranch, strings.ToLower(repo), check}
}

// CommandCause is a /problem-report comment.
func CommandCause(repo string, commentID int64) Cause {
	return Cause{CauseCommand, strings.ToLower(repo), strconv.FormatInt(commentID, 10)}
}

// String is the cause as the marker names it, and the key that serialises work on it.
func (c Cause) String() string {
	return string(c.Kind) + ":" + c.Repo + ":" + escape(c.Key)
}

// escape keeps a check name from ending the HTML comment it sits in.
func escape(s string) string { return strings.ReplaceAll(url.PathEscape(s), "-", "%2D") }

const markerPrefix = "<!-- iec62304-bot:problem-cause "

// Marker is the hidden line that names a report's cause; earlier reports are found by it, not
// by their title, which people edit.
func (c Cause) Marker() string { return markerPrefix + c.String() + " -->" }

// StageLabels are the labels that show a problem report's stage (problem_reports.labels).
type StageLabels struct {
	NeedsTriage, Investigating, FixMerged, Verified, ClosedIncomplete string
}

// Label is a stage's label under the repository's settings.
func (s Stage) Label(l StageLabels) string {
	return [...]string{l.NeedsTriage, l.Investigating, l.FixMerged, l.Verified, l.ClosedIncomplete}[s]
}

// String names a stage in prose.
func (s Stage) String() string {
	return [...]string{"needs triage", "investigating", "fix merged", "verified", "closed incomplete"}[s]
}

// All lists every stage label: the bot removes those of other stages.
func (l StageLabels) All() []string {
	return []string{l.NeedsTriage, l.Investigating, l.FixMerged, l.Verified, l.ClosedIncomplete}
}

// MarkedWith reports whether a body is a report for the cause. The bot writes the marker as
// the first line; one quoted further down (a command's description can hold any text) is
// not the bot's, so nobody can keep a report from being filed by quoting its marker.
func MarkedWith(body string, c Cause) bool {
	first, _, _ := strings.Cut(body, "\n")
	return strings.TrimSpace(first) == c.Marker()
}
