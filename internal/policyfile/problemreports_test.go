package policyfile

import (
	"reflect"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

func TestProblemReportsDefaults(t *testing.T) {
	p, err := Parse("f.yml", []byte("version: 1\nrules:\n  test_evidence: {required_checks: [build]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := p.Config.ProblemReports
	if want := (policy.ProblemTriggers{Merge: true, DefaultBranch: true, Command: true, Manual: true}); s.Triggers != want {
		t.Errorf("triggers %+v, want all on", s.Triggers)
	}
	if s.Stages.NeedsTriage != "problem:needs-triage" || s.Stages.ClosedIncomplete != "problem:closed-incomplete" || s.CommandPermission != "write" || s.ReopenIncomplete {
		t.Errorf("defaults %+v", s)
	}
	if got := p.Config.ReportChecks(); !reflect.DeepEqual(got, []string{"build"}) {
		t.Errorf("checks default to %v, want the required checks [build]", got)
	}
}

func TestProblemReportsBlock(t *testing.T) {
	const file = `version: 1
problem_reports:
  triggers: {merge: false, command: true}
  labels: {verified: qa:verified}
  checks: [nightly]
  command_permission: maintain
  reopen_incomplete: true
`
	p, err := Parse("f.yml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	s := p.Config.ProblemReports
	if s.Triggers.Merge || !s.Triggers.Command || !s.Triggers.DefaultBranch || !s.ReopenIncomplete || s.CommandPermission != "maintain" ||
		s.Stages.Verified != "qa:verified" || s.Stages.FixMerged != "problem:fix-merged" || !reflect.DeepEqual(p.Config.ReportChecks(), []string{"nightly"}) {
		t.Errorf("settings %+v", s)
	}
}

func TestProblemReportsProblems(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key", "version: 1\nproblem_reports:\n  trigger: {}\n",
			[]string{`f.yml:3:3: problem_reports: unknown key "trigger" (did you mean "triggers"?); allowed keys: triggers, labels, checks, command_permission, reopen_incomplete`}},
		{"not a mapping", "version: 1\nproblem_reports: yes\n",
			[]string{`f.yml:2:18: problem_reports: want a mapping of triggers, labels, checks, command_permission, reopen_incomplete, got "yes"`}},
		{"trigger not a boolean", "version: 1\nproblem_reports:\n  triggers: {merge: sometimes}\n",
			[]string{`f.yml:3:21: problem_reports.triggers.merge: want true or false, got "sometimes"`}},
		{"unknown trigger", "version: 1\nproblem_reports:\n  triggers: {merged: true}\n",
			[]string{`f.yml:3:14: problem_reports.triggers: unknown key "merged" (did you mean "merge"?); allowed keys: merge, default_branch, command, manual`}},
		{"unknown permission", "version: 1\nproblem_reports:\n  command_permission: writer\n",
			[]string{`f.yml:3:23: problem_reports.command_permission: unknown permission "writer" (did you mean "write"?); want read, triage, write, maintain or admin`}},
		{"checks not a list", "version: 1\nproblem_reports:\n  checks: build\n",
			[]string{`f.yml:3:11: problem_reports.checks: want a list of strings, got "build"`}},
		{"two stages share a label", "version: 1\nproblem_reports:\n  labels: {verified: problem:fix-merged}\n",
			[]string{`f.yml:3:22: problem_reports.labels: fix_merged and verified are both the label "problem:fix-merged"; each stage needs its own label`}},
		{"two set stages share a label", "version: 1\nproblem_reports:\n  labels: {needs_triage: new, investigating: NEW}\n",
			[]string{`f.yml:3:46: problem_reports.labels: needs_triage and investigating are both the label "NEW"; each stage needs its own label`}},
		{"a stage label is the problem-report label", "version: 1\nproblem_reports:\n  labels: {needs_triage: problem-report}\n",
			[]string{`f.yml:3:26: problem_reports.labels.needs_triage: "problem-report" is already rules.traceability.labels.problem_report; a stage label must be a label of its own`}},
		{"empty label", "version: 1\nproblem_reports:\n  labels: {verified: \"\"}\n",
			[]string{`f.yml:3:22: problem_reports.labels.verified: must not be empty`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("Parse succeeded, want problems")
			}
			if got, want := strings.Join(problems(t, err), "\n"), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
