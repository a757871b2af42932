package problem

import (
	"fmt"
	"strings"
)

// StatusComment is the body of the one status comment on a problem report: the stage first,
// then what to do, then every part.
func StatusComment(a Assessment, st State, l StageLabels) string {
	var b strings.Builder
	b.WriteString(StatusMarker + "\n")
	missing := a.Missing()
	fmt.Fprintf(&b, "**Problem report: %s** (`%s`)", a.Stage, a.Stage.Label(l))
	if len(missing) == 0 {
		b.WriteString(": every part of clause 9 is filled in.\n")
	} else {
		fmt.Fprintf(&b, ": %d of %d parts missing.\n", len(missing), len(a.Findings))
	}
	b.WriteString(nextStep(a))
	for _, f := range missing {
		fmt.Fprintf(&b, "- **%s** (%s): %s. %s\n", f.Part.Heading, f.Part.Clause, f.Problem, f.Part.Hint)
	}
	for _, f := range st.Fixes {
		fmt.Fprintf(&b, "\nFixed by #%d, merged as %s at %s%s.", f.Number, f.SHA, f.MergedAt, by(f.MergedBy))
	}
	b.WriteString("\n\n<details><summary>Every part</summary>\n\n| part | clause | status |\n|---|---|---|\n")
	for _, f := range a.Findings {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", f.Part.Heading, f.Part.Clause, partStatus(f))
	}
	b.WriteString("\n</details>\n")
	b.WriteString(embed("", st))
	return b.String()
}

func nextStep(a Assessment) string {
	switch a.Stage {
	case ClosedIncomplete:
		return "\nThis report was closed before it was complete. Fill in what is missing (the label goes once it is), or reopen it:\n"
	case FixMerged:
		return "\nThe change is in. Verify it (9.7): write how in **Verification**, then close the report.\n"
	case Verified:
		return ""
	}
	return "\nTo do next:\n"
}

func partStatus(f Finding) string {
	switch {
	case f.Problem == "" && f.Value == "":
		return "not needed"
	case f.Problem == "":
		return "present"
	}
	return "**" + f.Problem + "**"
}

func by(login string) string {
	if login == "" {
		return ""
	}
	return " by @" + login
}

// ClosedIncompleteMarker marks the note on one close of an incomplete report; closedAt tells
// one close from the next, so a redelivery posts nothing new.
func ClosedIncompleteMarker(closedAt string) string {
	return "<!-- iec62304-bot:closed-incomplete " + closedAt + " -->"
}

// ClosedIncompleteNote tells the people watching a report that it was closed incomplete.
func ClosedIncompleteNote(a Assessment, closedAt, label string, reopened bool) string {
	var b strings.Builder
	b.WriteString(ClosedIncompleteMarker(closedAt) + "\n")
	fmt.Fprintf(&b, "This problem report was closed incomplete (`%s`). Clause 9 needs a resolution and its verification before a report is closed. Missing:\n\n", label)
	for _, f := range a.Missing() {
		fmt.Fprintf(&b, "- **%s** (%s): %s\n", f.Part.Heading, f.Part.Clause, f.Problem)
	}
	if reopened {
		b.WriteString("\nThis repository reopens such reports: it is open again.\n")
	}
	return b.String()
}

// OccurrencesComment lists a failing check's occurrences on the default branch.
func OccurrencesComment(o Occurrences) string {
	var b strings.Builder
	b.WriteString(OccurrencesMarker + "\n")
	fmt.Fprintf(&b, "**Occurrences of `%s` on the default branch**: %d failures", o.Check, o.Failures())
	if o.PassingAgain() {
		last := o.Items[len(o.Items)-1]
		fmt.Fprintf(&b, "; passing again since %s. Verify the fix (9.7) and write how in **Verification**", short(last.SHA))
	}
	b.WriteString(".\n\n| commit | time | conclusion | link |\n|---|---|---|---|\n")
	for _, x := range o.Items {
		fmt.Fprintf(&b, "| %s | %s | %s | [details](%s) |\n", short(x.SHA), x.At, x.Conclusion, x.URL)
	}
	b.WriteString(embed("", o))
	return b.String()
}

// PassingAgainNote asks for verification once a failing check passes again.
func PassingAgainNote(o Occurrence, check string) string {
	return fmt.Sprintf("%s\n`%s` passes again on the default branch at %s ([details](%s)). Verify the fix (9.7): write how in **Verification**, then close this report.",
		PassingAgainMarker(o.SHA), check, short(o.SHA), o.URL)
}

// PassingAgainMarker marks the note about one passing commit.
func PassingAgainMarker(sha string) string { return "<!-- iec62304-bot:passing-again " + sha + " -->" }

// CommandReplyMarker marks the bot's answer to one command comment.
func CommandReplyMarker(commentID int64) string {
	return fmt.Sprintf("<!-- iec62304-bot:command-reply %d -->", commentID)
}

// CommandReply answers a command with the report it filed.
func CommandReply(commentID int64, author, reportURL string, number int) string {
	return fmt.Sprintf("%s\n@%s filed problem report #%d: %s", CommandReplyMarker(commentID), author, number, reportURL)
}

// CommandRefusal answers a command from someone who may not use it; it names who may.
func CommandRefusal(commentID int64, author, permission string) string {
	return fmt.Sprintf("%s\n@%s: only people with %s access to this repository may file a problem report with `/problem-report`. Nothing was filed.",
		CommandReplyMarker(commentID), author, permission)
}

// FixMergedNote is the comment on a report when a pull request fixing it merges.
func FixMergedNote(f Fix) string {
	return fmt.Sprintf("%s\nFix merged: #%d as %s at %s%s. Verify it (9.7): write how in **Verification**, then close this report.",
		FixMarker(f.Number), f.Number, f.SHA, f.MergedAt, by(f.MergedBy))
}

// FixMarker marks the note about one fixing pull request.
func FixMarker(number int) string { return fmt.Sprintf("<!-- iec62304-bot:fix-merged %d -->", number) }
