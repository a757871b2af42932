package render

import (
	"regexp"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// hostile are names an attacker can give a file, branch, label, check or issue.
var hostile = []string{
	"@acme-medical/everyone",
	"docs/@acme-medical/everyone.md",
	"&#64;acme-medical/everyone",
	"![x](https://evil.example/x.png)",
	"<img src=x onerror=alert(1)>",
	"[click](javascript:alert(1))",
	"#1",
	"owner/repo#12",
	"GH-7",
	"https://github.com/acme/pump/issues/1",
	"www.evil.example",
	"erin@example.com",
	"a`b",
	"``",
	"`",
	"` @x `",
	"x|y",
	`a\|b`,
	`a\\|b`,
	`\`,
	"line\nnext",
	"\r\n\r\n# heading",
	"<!-- open",
	"</details>",
	"~~~",
	"***bold***",
	"| --- |",
	"",
	" ",
}

// TestHostileTextIsInert proves each hostile name, in every form render puts text in, cannot
// ping, reference, link, embed, inject HTML or break out of its code span or table cell, as a
// GitHub-flavoured Markdown parser reads it.
func TestHostileTextIsInert(t *testing.T) {
	for _, s := range hostile {
		t.Run(s, func(t *testing.T) { checkInert(t, s) })
	}
}

func FuzzHostileTextIsInert(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(checkInert)
}

func checkInert(t *testing.T, s string) {
	t.Helper()
	if strings.ContainsRune(s, 0) {
		return // GitHub refuses NUL in every name
	}
	forms := map[string]string{
		"code":          "Changed " + code(s) + ".\n",
		"inert":         "Changed " + inert(s) + ".\n",
		"inert message": inert("Class C source changed ("+s+") but `"+s+"` is a label.") + "\n",
		"table":         "| a | b | c |\n|---|---|---|\n| " + codeInCell(s) + " | " + inertInCell(s) + " | " + inertInCell("`"+s+"`") + " |\n",
		"fenced":        fenced([]string{s, "last"}) + "after\n",
	}
	for form, md := range forms {
		doc, src := parseGFM(md)
		if problem := activeMarkdown(doc, src); problem != "" {
			t.Errorf("%s of %q: %s in\n%s", form, s, problem, md)
		}
	}
	if got := onlyCodeSpan(t, "Changed "+code(s)+".\n"); got != expectedSpan(s) {
		t.Errorf("code(%q) shows %q", s, got)
	}
	if rows, cells := tableShape(forms["table"]); rows != 2 || cells != 6 {
		t.Errorf("table with %q has %d rows and %d cells, want 2 and 6:\n%s", s, rows, cells, forms["table"])
	}
	doc, src := parseGFM(forms["fenced"])
	if blocks := countNodes(doc, ast.KindFencedCodeBlock); blocks != 1 || !strings.Contains(plainText(doc, src), "after") {
		t.Errorf("fenced %q broke out of its block:\n%s", s, forms["fenced"])
	}
}

var gfm = goldmark.New(goldmark.WithExtensions(extension.GFM))

func parseGFM(md string) (ast.Node, []byte) {
	src := []byte(md)
	return gfm.Parser().Parse(text.NewReader(src)), src
}

// GitHub links these in text (not in code): mentions, issue references, autolinks.
var linking = regexp.MustCompile(`@[A-Za-z0-9]|#[0-9]|(?i)gh-[0-9]|://|www\.\w`)

// activeMarkdown names the first thing in doc that would do more than show text.
func activeMarkdown(doc ast.Node, src []byte) string {
	problem := ""
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || problem != "" {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindImage, ast.KindAutoLink, ast.KindRawHTML, ast.KindHTMLBlock, ast.KindHeading, east.KindStrikethrough, ast.KindEmphasis:
			problem = "a " + n.Kind().String()
		case ast.KindCodeSpan, ast.KindFencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case ast.KindText, ast.KindString:
			if m := linking.FindString(nodeText(n, src)); m != "" {
				problem = "a link or ping (" + m + ")"
			}
		}
		return ast.WalkContinue, nil
	})
	return problem
}

func nodeText(n ast.Node, src []byte) string {
	switch v := n.(type) {
	case *ast.Text:
		return string(v.Segment.Value(src))
	case *ast.String:
		return string(v.Value)
	}
	return ""
}

func onlyCodeSpan(t *testing.T, md string) string {
	t.Helper()
	doc, src := parseGFM(md)
	var spans []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == ast.KindCodeSpan {
			var b strings.Builder
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				b.WriteString(nodeText(c, src))
			}
			spans = append(spans, b.String())
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if len(spans) != 1 {
		t.Fatalf("want one code span, got %q in %s", spans, md)
	}
	return spans[0]
}

// expectedSpan is what a code span shows for s: s on one line (a blank for nothing).
func expectedSpan(s string) string {
	if s == "" {
		return " "
	}
	return oneLine(s)
}

func tableShape(md string) (rows, cells int) {
	doc, _ := parseGFM(md)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.Kind() {
			case east.KindTableRow, east.KindTableHeader:
				rows++
			case east.KindTableCell:
				cells++
			}
		}
		return ast.WalkContinue, nil
	})
	return rows, cells
}

func countNodes(doc ast.Node, kind ast.NodeKind) int {
	n := 0
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && node.Kind() == kind {
			n++
		}
		return ast.WalkContinue, nil
	})
	return n
}

func plainText(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			b.WriteString(nodeText(n, src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestHostileResultRendersInert fills every field of a result that comes from GitHub or the
// policy file with hostile text and checks each rendering the app posts, as a whole: only the
// bot's own links, HTML and table shape remain.
func TestHostileResultRendersInert(t *testing.T) {
	const details = "https://bot.example/repos/acme/pump/pulls/7"
	for _, s := range hostile {
		t.Run(s, func(t *testing.T) {
			r := hostileResult(s)
			prov := Provenance{Bot: s, Policy: PolicyLocation{Path: s, Source: s, Commit: s, Blob: s}}
			run, broken, none := CheckRun(r, details, prov), ConfigError(prov, []string{s, "```"}), NotConfigured(s, s, r, prov)
			docs := map[string]string{
				"comment":        Comment(r, details),
				"check run":      run.Summary + "\n" + run.Text,
				"markdown":       Markdown(r),
				"config error":   broken.Summary + "\n" + broken.Text,
				"not configured": none.Summary + none.Text,
			}
			for name, md := range docs {
				if validLogin(s) { // the one mention allowed: the person who must re-approve
					md = strings.ReplaceAll(md, "@"+s+":", "someone:")
				}
				if problem := foreignMarkdown(md, details); problem != "" {
					t.Errorf("%s: %s in\n%s", name, problem, md)
				}
			}
		})
	}
}

func hostileResult(s string) *policy.Result {
	r := result("C", policy.StatusFail, policy.StatusPass, policy.StatusAdvisory)
	r.PolicySource = s
	r.Classification = policy.Classification{DefaultClass: "C", Reason: "Class C: touches " + s,
		Systems: []policy.SystemMatch{{Name: s, Class: "C", Files: []string{s}}}, Unclaimed: []string{s}}
	for i := range r.Rules {
		r.Rules[i].Reason = "Label `" + s + "` and " + s
		r.Rules[i].Todo = []policy.Todo{{Either: []policy.Action{
			{Do: policy.DoAddressChanges, Reviewer: s},
			{Do: policy.DoApproveIssue, Issue: s, Labels: []string{s}},
			{Do: policy.DoFixChecks, Checks: []policy.Check{{Name: s, Source: policy.SourceCheckRun, State: s}}},
			{Do: policy.DoReapprove, Who: policy.Actor{Kind: policy.ActorLogin, Login: s}, Commit: s, Approved: s},
			{Do: policy.DoGetApprovals, Count: 1, Independent: true, CurrentHead: true, Commit: s},
			{Do: policy.DoTeamApproval, Team: s},
			{Do: policy.DoTrace, Pattern: s, Places: []string{s}},
		}}}
		r.Rules[i].Evidence = policy.Evidence{
			TestFiles: []policy.File{{Path: s}, {Path: "`" + s + "`"}},
			Issues:    []policy.LinkedIssue{{Ref: s, Labels: []string{s}, Problem: policy.IssueUnapproved, ApprovedLabel: s}},
			Reviewers: []policy.Reviewer{{Login: s, Problem: policy.ReviewByBot}, {Login: s, Problem: policy.ReviewContributor, Contribution: &policy.Contribution{Role: s, Commit: s}}},
		}
	}
	r.Deviations = []policy.Deviation{{Class: "C", Rule: policy.RuleReviews, Setting: s, Default: s, Configured: s, Justification: s}}
	return r
}

// foreignMarkdown names the first element of md that the bot did not put there itself: an
// image, a link other than the details link, HTML other than its marker and folds, a ping or
// reference, or a table row with a different number of cells than its header.
func foreignMarkdown(md, details string) string {
	doc, src := parseGFM(md)
	problem := ""
	cells := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || problem != "" {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Image, *ast.AutoLink:
			problem = "a " + n.Kind().String()
		case *ast.Link:
			if string(v.Destination) != details {
				problem = "a link to " + string(v.Destination)
			}
		case *ast.RawHTML:
			problem = "inline HTML " + string(v.Segments.Value(src))
		case *ast.HTMLBlock:
			if html := blockText(v, src); !ownHTML.MatchString(html) {
				problem = "an HTML block " + html
			}
		case *ast.CodeSpan, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *east.TableHeader:
			cells = n.ChildCount()
		case *east.TableRow:
			if n.ChildCount() != cells {
				problem = "a table row of " + strings.Repeat("|", n.ChildCount()) + " cells"
			}
		case *ast.Text, *ast.String:
			if m := linking.FindString(nodeText(n, src)); m != "" {
				problem = "a link or ping (" + m + ")"
			}
		}
		return ast.WalkContinue, nil
	})
	return problem
}

var ownHTML = regexp.MustCompile(`^(<!-- iec62304-bot:summary -->|<details><summary>[^<]*</summary>|</details>)\s*$`)

func blockText(n *ast.HTMLBlock, src []byte) string {
	var b strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		b.Write(line.Value(src))
	}
	return b.String()
}
