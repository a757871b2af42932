// Package render turns a policy.Result into what people read: the check run's title, summary
// and text, the sticky summary comment, a terminal report and JSON. Pure and deterministic:
// the same result always renders to the same bytes, so the app can skip edits that change nothing.
package render

import (
	"fmt"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// symbols mark statuses where a reviewer scans for them.
var symbols = map[policy.Status]string{
	policy.StatusPass:     "✅",
	policy.StatusFail:     "❌",
	policy.StatusPending:  "⏳",
	policy.StatusAdvisory: "⚠️",
	policy.StatusSkipped:  "➖",
}

var verdictSymbols = map[policy.Verdict]string{
	policy.VerdictPass:    "✅",
	policy.VerdictFail:    "❌",
	policy.VerdictPending: "⏳",
}

// Title is the class and the verdict in words: "Class C: 2 of 5 rules failing".
func Title(r *policy.Result) string {
	failing, pending, total := r.Counts()
	advisory := count(r, policy.StatusAdvisory)
	switch {
	case failing > 0:
		return fmt.Sprintf("Class %s: %d of %d rules failing", r.Class, failing, total)
	case pending > 0:
		return fmt.Sprintf("Class %s: %d of %d rules pending", r.Class, pending, total)
	case advisory > 0:
		return fmt.Sprintf("Class %s: all %d rules pass, %d advisory", r.Class, total, advisory)
	}
	return fmt.Sprintf("Class %s: all %d rules pass", r.Class, total)
}

func count(r *policy.Result, s policy.Status) int {
	n := 0
	for _, rule := range r.Rules {
		if rule.Status == s {
			n++
		}
	}
	return n
}

// verdictLine is the first thing every rendering says.
func verdictLine(r *policy.Result) string {
	return verdictSymbols[r.Verdict] + " **" + Title(r) + "**"
}

// fixes lists what to do: blocking fixes first, then optional (advisory) ones.
func fixes(r *policy.Result) (required, optional []string) {
	for _, rule := range r.Rules {
		for _, f := range rule.Fix {
			item := rule.Title + ": " + f
			switch rule.Status {
			case policy.StatusFail, policy.StatusPending:
				required = append(required, item)
			case policy.StatusAdvisory:
				optional = append(optional, item)
			}
		}
	}
	return required, optional
}

func shortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
