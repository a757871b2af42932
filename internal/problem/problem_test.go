package problem

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v4"

	goldenfile "github.com/iec62304-bot/iec62304-bot/internal/golden"
)

var riskPattern = regexp.MustCompile(`RISK-[0-9]+`)

var labels = StageLabels{NeedsTriage: "problem:needs-triage", Investigating: "problem:investigating",
	FixMerged: "problem:fix-merged", Verified: "problem:verified", ClosedIncomplete: "problem:closed-incomplete"}

// filled is a report body with the given sections written in.
func filled(sections map[Part]string) string {
	var b strings.Builder
	for _, p := range ReportParts {
		b.WriteString("### " + p.Heading + "\n\n")
		if v, ok := sections[p]; ok {
			b.WriteString(v + "\n\n")
		} else {
			b.WriteString("_No response_\n\n")
		}
	}
	return b.String()
}

var triaged = map[Part]string{PartWhatHappened: "Dose rounds down at 0.05 ml/h.", PartType: "corrective", PartScope: "dose-calculation (class C)",
	PartVersions: "v2.3.0", PartCriticality: "performance"}

func with(base map[Part]string, extra map[Part]string) map[Part]string {
	out := map[Part]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

var investigated = with(triaged, map[Part]string{PartRootCause: "Integer division in rate.go.", PartRelevance: "Under-dosing at low rates."})

func TestAssessStages(t *testing.T) {
	fix := []Fix{{Number: 12, SHA: "abc1234def", MergedAt: "2026-11-26T08:00:00Z"}}
	tests := []struct {
		name    string
		report  Report
		want    Stage
		missing []string
	}{
		{"empty body needs triage", Report{Body: ""}, NeedsTriage,
			[]string{"what_happened", "type", "scope", "versions", "criticality", "root_cause", "relevance", "change_request", "verification"}},
		{"the bot's own template counts as empty", Report{Body: CommandReport(Command{Repo: "a/b", CommentID: 1, Title: "t", Author: "x", Where: "#1", URL: "u"}).Body}, NeedsTriage,
			[]string{"type", "scope", "versions", "criticality", "root_cause", "relevance", "change_request", "verification"}},
		{"an unknown type is not triaged", Report{Body: filled(with(triaged, map[Part]string{PartType: "bug"}))}, NeedsTriage,
			[]string{"type", "root_cause", "relevance", "change_request", "verification"}},
		{"TBD is no answer", Report{Body: filled(with(triaged, map[Part]string{PartVersions: "TBD"}))}, NeedsTriage,
			[]string{"versions", "root_cause", "relevance", "change_request", "verification"}},
		{"triaged is investigating", Report{Body: filled(triaged)}, Investigating, []string{"root_cause", "relevance", "change_request", "verification"}},
		{"safety criticality needs a risk record", Report{Body: filled(with(investigated, map[Part]string{PartCriticality: "safety, performance"})), RecordPattern: riskPattern}, Investigating,
			[]string{"risk_records", "change_request", "verification"}},
		{"a risk record that does not match the pattern", Report{Body: filled(with(investigated, map[Part]string{PartCriticality: "safety", PartRiskRecords: "hazard 4"})), RecordPattern: riskPattern}, Investigating,
			[]string{"risk_records", "change_request", "verification"}},
		{"a PR named in the section is not a merged fix", Report{Body: filled(with(investigated, map[Part]string{PartChange: "#12"}))}, Investigating,
			[]string{"change_request", "verification"}},
		{"a merged fix moves it on even before the investigation is written", Report{Body: filled(triaged), Fixes: fix}, FixMerged,
			[]string{"root_cause", "relevance", "verification"}},
		{"no change needed with a reason", Report{Body: filled(with(investigated, map[Part]string{PartChange: "No change needed: the display rounds, the pump does not."}))}, FixMerged,
			[]string{"verification"}},
		{"no change needed without a reason", Report{Body: filled(with(investigated, map[Part]string{PartChange: "No change needed."}))}, Investigating,
			[]string{"change_request", "verification"}},
		{"verified", Report{Body: filled(with(investigated, map[Part]string{PartVerification: "Unit test TestLowRate passes on main."})), Fixes: fix}, Verified, nil},
		{"closed without verification", Report{Body: filled(investigated), Fixes: fix, Closed: true}, ClosedIncomplete, []string{"verification"}},
		{"closed complete", Report{Body: filled(with(investigated, map[Part]string{PartVerification: "Tested."})), Fixes: fix, Closed: true}, Verified, nil},
		{"hints in comments are not answers", Report{Body: "### Type\n\n<!-- corrective -->\n"}, NeedsTriage,
			[]string{"what_happened", "type", "scope", "versions", "criticality", "root_cause", "relevance", "change_request", "verification"}},
		{"headings match case-blind", Report{Body: strings.ToUpper(filled(triaged))}, Investigating, []string{"root_cause", "relevance", "change_request", "verification"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Assess(tt.report)
			if a.Stage != tt.want {
				t.Errorf("stage %s, want %s", a.Stage, tt.want)
			}
			var got []string
			for _, f := range a.Missing() {
				got = append(got, f.Part.Key)
			}
			if strings.Join(got, ",") != strings.Join(tt.missing, ",") {
				t.Errorf("missing %v, want %v", got, tt.missing)
			}
		})
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name, body, title, desc string
		ok                      bool
	}{
		{"title and description", "/problem-report Alarm silent on low battery\nSeen on unit 7.\nTwice.", "Alarm silent on low battery", "Seen on unit 7.\nTwice.", true},
		{"leading blank lines", "\n\n  /problem-report Crash\r\n", "Crash", "", true},
		{"no title", "/problem-report", "Problem reported on #5", "", true},
		{"not the first line", "Hello\n/problem-report Crash", "", "", false},
		{"a longer word", "/problem-reports Crash", "", "", false},
		{"quoted", "> /problem-report Crash", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, desc, ok := ParseCommand(tt.body, "#5")
			if ok != tt.ok || title != tt.title || desc != tt.desc {
				t.Errorf("got %q %q %v, want %q %q %v", title, desc, ok, tt.title, tt.desc, tt.ok)
			}
		})
	}
}

func TestOccurrences(t *testing.T) {
	var o Occurrences
	steps := []struct {
		add  Occurrence
		want bool
	}{
		{Occurrence{SHA: "a1", Conclusion: "success"}, false}, // green before any failure: nothing to record
		{Occurrence{SHA: "b2", Conclusion: "failure"}, true},
		{Occurrence{SHA: "b2", Conclusion: "failure"}, false},   // redelivery
		{Occurrence{SHA: "b2", Conclusion: "timed_out"}, false}, // a re-run on the same commit
		{Occurrence{SHA: "c3", Conclusion: "failure"}, true},
		{Occurrence{SHA: "d4", Conclusion: "success"}, true},
		{Occurrence{SHA: "e5", Conclusion: "success"}, false}, // still green
		{Occurrence{SHA: "f6", Conclusion: "failure"}, true},
	}
	for i, s := range steps {
		if got := o.Add(s.add); got != s.want {
			t.Errorf("step %d: Add(%+v) = %v, want %v", i, s.add, got, s.want)
		}
	}
	if o.Failures() != 3 || o.PassingAgain() {
		t.Errorf("failures %d, passing again %v; want 3, false", o.Failures(), o.PassingAgain())
	}
	back := ReadOccurrences(OccurrencesComment(o))
	if len(back.Items) != len(o.Items) {
		t.Errorf("the comment keeps %d occurrences, want %d", len(back.Items), len(o.Items))
	}
}

func TestStateSurvivesTheComment(t *testing.T) {
	var st State
	if !st.AddFix(Fix{Number: 3, SHA: "s", MergedAt: "t", MergedBy: "a-->b"}) || st.AddFix(Fix{Number: 3}) {
		t.Fatal("AddFix records a fix once")
	}
	back := ReadState(StatusComment(Assess(Report{Fixes: st.Fixes}), st, labels))
	if len(back.Fixes) != 1 || back.Fixes[0].MergedBy != "a-->b" {
		t.Errorf("state read back %+v", back)
	}
}

func TestCauseMarkers(t *testing.T) {
	tests := []struct {
		cause Cause
		want  string
	}{
		{MergeCause("Acme/Pump", 12), "<!-- iec62304-bot:problem-cause merge:acme/pump:12 -->"},
		{CheckCause("acme/pump", "ci --> build"), "<!-- iec62304-bot:problem-cause default_branch:acme/pump:ci%20%2D%2D%3E%20build -->"},
		{CommandCause("acme/pump", 99), "<!-- iec62304-bot:problem-cause command:acme/pump:99 -->"},
	}
	for _, tt := range tests {
		if got := tt.cause.Marker(); got != tt.want {
			t.Errorf("Marker = %q, want %q", got, tt.want)
		}
	}
}

func TestAssessChangeRequest(t *testing.T) {
	impact := []string{"risk:none", "risk:low", "risk:high"}
	body := func(what, impactText, risk string) string {
		return "### What is to change and why\n\n" + what + "\n\n### Software systems and classes\n\ndose (C)\n\n### Impact on safety\n\n" + impactText + "\n\n### Risk record IDs\n\n" + risk + "\n"
	}
	tests := []struct {
		name               string
		cr                 ChangeRequest
		missing            []string
		approved, warnings bool
	}{
		{"complete and approved", ChangeRequest{Body: body("Faster bolus.", "risk:none", ""), Approval: Approval{Labelled: true, By: "qa"}}, nil, true, false},
		{"impact above none needs a record", ChangeRequest{Body: body("Faster bolus.", "high", ""), Approval: Approval{Labelled: true, By: "qa"}}, []string{"risk_records"}, true, true},
		{"unknown impact", ChangeRequest{Body: body("Faster bolus.", "severe", "")}, []string{"safety_impact", "approval"}, false, false},
		{"approved by the requester does not count", ChangeRequest{Body: body("Faster bolus.", "low", "RISK-3"), Approval: Approval{Labelled: true, By: "ann", Why: "approved by the requester @ann"}}, []string{"approval"}, false, false},
		{"empty", ChangeRequest{}, []string{"change_what", "scope", "safety_impact", "approval"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cr.ImpactLabels, tt.cr.RecordPattern, tt.cr.ApprovalLabel = impact, riskPattern, "approved"
			a := AssessChangeRequest(tt.cr)
			var got []string
			for _, f := range a.Missing() {
				got = append(got, f.Part.Key)
			}
			if strings.Join(got, ",") != strings.Join(tt.missing, ",") || a.Approved != tt.approved || a.ApprovedIncomplete != tt.warnings {
				t.Errorf("missing %v approved %v incomplete %v; want %v %v %v", got, a.Approved, a.ApprovedIncomplete, tt.missing, tt.approved, tt.warnings)
			}
		})
	}
}

// TestGolden pins what people read: the reports the bot files and its comments.
func TestGolden(t *testing.T) {
	occ := Occurrence{SHA: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", At: "2026-11-26T07:00:00Z", Conclusion: "failure", URL: "https://github.com/acme-medical/infusion-pump/runs/7"}
	systems := []System{{"dose-calculation", "C"}, {"docs-site", "A"}}
	merge := MergeReport(Merge{Repo: "acme-medical/infusion-pump", Title: "Faster bolus", URL: "https://github.com/acme-medical/infusion-pump/pull/12", Number: 12,
		MergedBy: "admin-alice", MergedAt: "2026-11-26T07:30:00Z", MergeSHA: "1234567890abcdef", HeadSHA: "fedcba0987654321", Class: "C", Systems: systems[:1],
		Verdict: "fail", Check: "failure (completed)",
		Unmet: []Unmet{{Rule: "reviews", Clauses: "5.5", Status: "fail", Reason: "1 of 2 approvals", Evidence: []string{"approvals: @bob"}}}})
	var occs Occurrences
	occs.Check = "build-and-test"
	occs.Add(occ)
	occs.Add(Occurrence{SHA: "1111111222222", At: "2026-11-26T07:10:00Z", Conclusion: "failure", URL: "https://github.com/acme-medical/infusion-pump/runs/8"})
	occs.Add(Occurrence{SHA: "3333333444444", At: "2026-11-26T07:20:00Z", Conclusion: "success", URL: "https://github.com/acme-medical/infusion-pump/runs/9"})
	fixes := State{Fixes: []Fix{{Number: 14, SHA: "abcdef1234567", MergedAt: "2026-11-26T09:00:00Z", MergedBy: "bob"}}}
	cr := AssessChangeRequest(ChangeRequest{Body: "### What is to change and why\n\nFaster bolus.\n\n### Impact on safety\n\nrisk:high\n",
		ImpactLabels: []string{"risk:none", "risk:high"}, RecordPattern: riskPattern, ApprovalLabel: "approved", Approval: Approval{Labelled: true, By: "quinn"}})
	golden := map[string]string{
		"merge-report.md":        merge.Title + "\n\n" + merge.Body,
		"check-report.md":        CheckReport(CheckFailure{Repo: "acme-medical/infusion-pump", Branch: "main", Check: "build-and-test", Occurrence: occ}).Body,
		"command-report.md":      CommandReport(Command{Repo: "acme-medical/infusion-pump", CommentID: 77, Title: "Alarm silent", Description: "Seen on unit 7.", Author: "nurse-nora", Where: "#12", URL: "https://github.com/acme-medical/infusion-pump/pull/12#issuecomment-77"}).Body,
		"status-needs-triage.md": StatusComment(Assess(Report{Body: merge.Body}), State{}, labels),
		"status-fix-merged.md":   StatusComment(Assess(Report{Body: filled(triaged), Fixes: fixes.Fixes}), fixes, labels),
		"occurrences.md":         OccurrencesComment(occs),
		"closed-incomplete.md":   ClosedIncompleteNote(Assess(Report{Body: filled(triaged), Closed: true}), "2026-11-26T10:00:00Z", "problem:closed-incomplete", true),
		"change-request.md":      CRStatusComment(cr),
	}
	for name, got := range golden {
		t.Run(name, func(t *testing.T) {
			goldenfile.Check(t, filepath.Join("testdata", name), []byte(got))
		})
	}
}

func TestMarkedWithReadsOnlyTheFirstLine(t *testing.T) {
	merge := MergeCause("a/b", 12)
	spoof := CommandReport(Command{Repo: "a/b", CommentID: 5, Title: "t", Description: merge.Marker(), Author: "x", Where: "#1", URL: "u"})
	if MarkedWith(spoof.Body, merge) {
		t.Error("a marker quoted in a command's description counts as the report's cause")
	}
	if !MarkedWith(spoof.Body, CommandCause("A/B", 5)) {
		t.Error("the report's own marker is not found")
	}
}

// TestIssueFormsAskForEveryPart keeps the shipped issue forms in step with what the bot reads:
// every part's heading is a field label, so a form filled in is a report the bot understands.
func TestIssueFormsAskForEveryPart(t *testing.T) {
	for file, parts := range map[string][]Part{"problem-report.yml": ReportParts, "change-request.yml": ChangeRequestParts} {
		data, err := os.ReadFile(filepath.Join("..", "..", "docs", "examples", file))
		if err != nil {
			t.Fatal(err)
		}
		var form struct {
			Body []struct {
				Attributes struct {
					Label   string   `yaml:"label"`
					Options []string `yaml:"options"`
				} `yaml:"attributes"`
			} `yaml:"body"`
		}
		if err := yaml.Unmarshal(data, &form); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		labels := map[string][]string{}
		for _, field := range form.Body {
			labels[field.Attributes.Label] = field.Attributes.Options
		}
		for _, p := range parts {
			if _, ok := labels[p.Heading]; !ok {
				t.Errorf("%s has no field %q", file, p.Heading)
			}
		}
		for heading, want := range map[string][]string{PartType.Heading: Types, PartCriticality.Heading: Criticalities} {
			if got, ok := labels[heading]; ok && strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s: %s offers %v, the bot reads %v", file, heading, got, want)
			}
		}
	}
}
