package problem

import (
	"fmt"
	"strings"
)

// Draft is a report the bot is about to file.
type Draft struct {
	Title string
	Body  string
}

// Unmet is one rule a merged pull request did not meet, in words.
type Unmet struct {
	Rule, Clauses, Status, Reason string
	Evidence                      []string
}

// System is a touched software system and its class.
type System struct {
	Name, Class string
}

// Merge is a pull request merged although its fresh evaluation at the merged head is not a
// pass: a process deviation (clause 9 applied to the process itself).
type Merge struct {
	Repo, Title, URL   string
	Number             int
	MergedBy, MergedAt string
	MergeSHA, HeadSHA  string
	Class              string
	Systems            []System
	Verdict            string
	Unmet              []Unmet
	// Check says what the IEC 62304 check showed on the head commit when it merged.
	Check string
	// PolicyProblems are the policy file's problems when it did not parse.
	PolicyProblems []string
}

// MergeReport drafts the report of a merge that bypassed the process.
func MergeReport(m Merge) Draft {
	var what strings.Builder
	fmt.Fprintf(&what, "Pull request [#%d %s](%s) was merged by @%s at %s as %s although its IEC 62304 verdict, evaluated afresh at the merged head %s, is **%s**.\n\n",
		m.Number, m.Title, m.URL, m.MergedBy, m.MergedAt, short(m.MergeSHA), short(m.HeadSHA), m.Verdict)
	fmt.Fprintf(&what, "The `IEC 62304` check on the head commit showed: %s.\n", m.Check)
	for _, u := range m.Unmet {
		fmt.Fprintf(&what, "\n- **%s** (%s): %s — %s", u.Rule, u.Clauses, u.Status, u.Reason)
		for _, e := range u.Evidence {
			fmt.Fprintf(&what, "\n  - %s", e)
		}
	}
	if len(m.PolicyProblems) > 0 {
		what.WriteString("\n\nThe policy file did not validate:\n")
		for _, p := range m.PolicyProblems {
			fmt.Fprintf(&what, "\n- `%s`", p)
		}
	}
	what.WriteString("\n\nTo reproduce: open the pull request's checks, or run `iec62304-bot evaluate` on a snapshot of it.")
	return Draft{
		Title: fmt.Sprintf("Process deviation: #%d merged while IEC 62304 said %s", m.Number, m.Verdict),
		Body: body(MergeCause(m.Repo, m.Number), map[string]string{
			PartWhatHappened.Key: what.String(),
			PartScope.Key:        scope(m.Class, m.Systems),
			PartVersions.Key:     fmt.Sprintf("The default branch from %s (merge of #%d).", short(m.MergeSHA), m.Number),
		}),
	}
}

// CheckFailure is a counted check failing on a commit of the default branch.
type CheckFailure struct {
	Repo, Branch, Check string
	Occurrence          Occurrence
}

// CheckReport drafts the report of a check failing on the default branch.
func CheckReport(c CheckFailure) Draft {
	o := c.Occurrence
	what := fmt.Sprintf("The required check `%s` concluded **%s** on commit %s of the default branch `%s` at %s ([details](%s)).\n\n"+
		"Every later failure of this check adds a line to the occurrences comment below, not a new report.",
		c.Check, o.Conclusion, short(o.SHA), c.Branch, o.At, o.URL)
	return Draft{
		Title: fmt.Sprintf("Check %s fails on %s", c.Check, c.Branch),
		Body: body(CheckCause(c.Repo, c.Check), map[string]string{
			PartWhatHappened.Key: what,
			PartVersions.Key:     fmt.Sprintf("`%s` from %s.", c.Branch, short(o.SHA)),
		}),
	}
}

// Command is a /problem-report comment.
type Command struct {
	Repo        string
	CommentID   int64
	Title       string
	Description string
	Author      string
	// Where is the issue or pull request it was asked on ("#12"), and URL the comment's link.
	Where, URL string
}

// CommandReport drafts the report a command asked for.
func CommandReport(c Command) Draft {
	what := fmt.Sprintf("Reported by @%s on %s ([comment](%s)).", c.Author, c.Where, c.URL)
	if d := strings.TrimSpace(c.Description); d != "" {
		what += "\n\n" + d
	}
	return Draft{Title: c.Title, Body: body(CommandCause(c.Repo, c.CommentID), map[string]string{PartWhatHappened.Key: what})}
}

// body lays out every part, pre-filled where the bot knows it; the rest hold their hint in an
// HTML comment, which counts as empty until someone writes there.
func body(c Cause, known map[string]string) string {
	var b strings.Builder
	b.WriteString(c.Marker() + "\n")
	b.WriteString("_Filed by the IEC 62304 bot (clause 9). Fill in each section; the status comment below says what is still missing._\n")
	for _, p := range ReportParts {
		fmt.Fprintf(&b, "\n### %s\n\n", p.Heading)
		if v := known[p.Key]; v != "" {
			b.WriteString(v + "\n")
		} else {
			fmt.Fprintf(&b, "<!-- %s (%s) -->\n", p.Hint, p.Clause)
		}
	}
	return b.String()
}

func scope(class string, systems []System) string {
	if len(systems) == 0 {
		return fmt.Sprintf("No software system claims the files; the default class %s applies.", class)
	}
	var lines []string
	for _, s := range systems {
		lines = append(lines, fmt.Sprintf("- %s (class %s)", s.Name, s.Class))
	}
	return strings.Join(lines, "\n")
}
