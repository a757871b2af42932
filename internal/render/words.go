// Package render turns a policy.Result into what people read: the check run's title, summary
// and text, the sticky summary comment, a terminal report and JSON. Pure and deterministic:
// the same result always renders to the same bytes, so the app can skip edits that change nothing.
package render

import (
	"fmt"
	"strings"

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

// Title is the class and the verdict in words: "Class C: 2 of 5 rules failing"; first, when
// the pull request proposes an invalid policy file, that it does.
func Title(r *policy.Result) string {
	if r.ProposalInvalid() {
		return "Proposed policy invalid (base policy: " + rulesTitle(r) + ")"
	}
	return rulesTitle(r)
}

// rulesTitle is the verdict of the rules alone, under the base branch's policy.
func rulesTitle(r *policy.Result) string {
	failing, pending, total := r.Counts()
	advisory := count(r, policy.StatusAdvisory)
	switch {
	case failing > 0:
		return fmt.Sprintf("Class %s: %d of %s failing", r.Class, failing, plural(total, "rule", "rules"))
	case pending > 0:
		return fmt.Sprintf("Class %s: %d of %s pending", r.Class, pending, plural(total, "rule", "rules"))
	case advisory > 0:
		return fmt.Sprintf("Class %s: passes; %s not met %s", r.Class, plural(advisory, "advisory rule", "advisory rules"), doesNotBlock(r.Class))
	case total == 1:
		return fmt.Sprintf("Class %s: the 1 rule passes", r.Class)
	}
	return fmt.Sprintf("Class %s: all %d rules pass", r.Class, total)
}

// doesNotBlock says what advisory means, in a reader's words.
func doesNotBlock(class policy.Class) string {
	return "(does not block class " + string(class) + " changes)"
}

// plural is "1 rule", "2 rules".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
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

// verdictLine is the verdict of the rules, the first thing every rendering says after what a
// pull request that changes the policy file proposes (proposalLead).
func verdictLine(r *policy.Result) string {
	return verdictSymbols[policy.VerdictOf(r.Rules)] + " **" + rulesTitle(r) + "**"
}

// fixes lists what to do, quoted as q says: blocking to-dos first, then optional (advisory)
// ones, each after its rule's title.
func fixes(r *policy.Result, q quoting) (required, optional []string) {
	for _, rule := range r.Rules {
		for _, f := range todoLines(rule, q) {
			item := q.name(rule.Title) + ": " + f
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

// classificationLine says, in Markdown, why the pull request has its class.
func classificationLine(r *policy.Result) string { return classificationWords(r, inert) }

// classificationWords says why the pull request has its class, with names as quote shows
// them. It is worded here from the classification's data, so it always opens with the class
// the verdict is about.
func classificationWords(r *policy.Result, quote func(string) string) string {
	c := r.Classification
	var parts []string
	if len(c.Systems) > 0 {
		touched := make([]string, len(c.Systems))
		for i, s := range c.Systems {
			touched[i] = quote(s.Name) + " (class " + string(s.Class) + ")"
		}
		parts = append(parts, "touches "+joinAnd(touched))
	}
	if n := len(c.Unclaimed); n > 0 {
		parts = append(parts, plural(n, "file", "files")+" in no system "+map[bool]string{true: "takes", false: "take"}[n == 1]+" the default class "+string(c.DefaultClass))
	}
	if len(c.Systems) == 0 && len(c.Unclaimed) == 0 && c.Unseen == 0 {
		parts = append(parts, "the pull request changes no files, so the default class "+string(c.DefaultClass)+" applies")
	}
	if c.Unseen > 0 {
		parts = append(parts, fmt.Sprintf("GitHub did not list %s, which could be in any system, so class C applies", plural(c.Unseen, "changed file", "changed files")))
	}
	return "Class " + string(r.Class) + ": " + strings.Join(parts, "; ") + "."
}
