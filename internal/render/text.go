package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Text renders the result for a terminal.
func Text(r *policy.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s  (%s#%d, %s)\n", strings.ToUpper(string(r.Verdict)), Title(r), r.Pull.Repo, r.Pull.Number, snapshot.ShortSHA(r.Pull.HeadSHA))
	fmt.Fprintln(&b, classificationWords(r, func(s string) string { return s }))
	if r.Proposal != nil {
		lines := proposalLines(r.Proposal)
		b.WriteString("\n" + lines[0] + "\n")
		for _, l := range lines[1:] {
			fmt.Fprintf(&b, "  - %s\n", l)
		}
	}
	required, optional := fixes(r, plainQuoting)
	if len(required) > 0 {
		b.WriteString("\nWhat to do:\n")
		for i, f := range required {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, f)
		}
	}
	if len(optional) > 0 {
		b.WriteString("\nAdvisory " + doesNotBlock(r.Class) + ":\n")
		for _, f := range optional {
			fmt.Fprintf(&b, "  - %s\n", f)
		}
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tCLAUSE\tSTATUS\tFINDING")
	for _, rule := range r.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", rule.ID, rule.Clauses, rule.Status, rule.Reason)
	}
	tw.Flush()
	for _, d := range r.Deviations {
		fmt.Fprintf(&b, "\nDeviation: %s %s.%s %s -> %s: %s\n", d.Class, d.Rule, d.Setting, d.Default, d.Configured, d.Justification)
	}
	for _, rule := range r.Rules {
		for _, g := range evidenceGroups(rule) {
			fmt.Fprintf(&b, "\n%s %s:\n", rule.ID, g.kind)
			for _, it := range g.items {
				fmt.Fprintf(&b, "  - %s\n", it)
			}
		}
	}
	fmt.Fprintf(&b, "\nPolicy: %s\n", r.PolicySource)
	return withoutControls(b.String())
}

// withoutControls drops the control characters a hostile name could carry to a terminal
// (escape sequences), keeping line breaks and tabs.
func withoutControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// jsonResult is the result as `evaluate --format json` prints it: each rule also carries its
// to-do list in plain words ("fix"), for readers that do not word the structured "todo".
type jsonResult struct {
	*policy.Result
	Rules []jsonRule `json:"rules"`
}

type jsonRule struct {
	policy.RuleResult
	Fix []string `json:"fix"`
}

// JSON renders the result as indented JSON with a trailing newline.
func JSON(r *policy.Result) ([]byte, error) {
	out := jsonResult{Result: r, Rules: make([]jsonRule, len(r.Rules))}
	for i, rule := range r.Rules {
		out.Rules[i] = jsonRule{RuleResult: rule, Fix: append([]string{}, FixLines(rule)...)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("render result as JSON: %w", err)
	}
	return buf.Bytes(), nil
}
