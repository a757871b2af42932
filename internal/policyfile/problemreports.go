package policyfile

import (
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// Permissions are GitHub's repository roles, least first; /problem-report needs at least
// the configured one.
var Permissions = []string{"read", "triage", "write", "maintain", "admin"}

// defaultProblemReports: every trigger on, command for write access, incomplete closes
// labelled but not reopened.
func defaultProblemReports() policy.ProblemReportSettings {
	return policy.ProblemReportSettings{
		Triggers: policy.ProblemTriggers{Merge: true, DefaultBranch: true, Command: true, Manual: true},
		Stages: problem.StageLabels{
			NeedsTriage: "problem:needs-triage", Investigating: "problem:investigating", FixMerged: "problem:fix-merged",
			Verified: "problem:verified", ClosedIncomplete: "problem:closed-incomplete",
		},
		CommandPermission: "write",
	}
}

var problemReportKeys = []string{"triggers", "labels", "checks", "command_permission", "reopen_incomplete"}

// problemReports decodes the problem_reports block (clause 9; 8.2.1 for change requests).
func (d *decoder) problemReports(n *yaml.Node, s *policy.ProblemReportSettings) {
	const what = "problem_reports"
	d.mapping(n, what, problemReportKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "triggers":
			d.problemTriggers(v, what+".triggers", &s.Triggers)
		case "labels":
			d.stageLabels(v, what+".labels", &s.Stages)
		case "checks":
			if checks, ok := d.strList(v, what+".checks"); ok {
				s.Checks = checks
			}
		case "command_permission":
			if p, ok := d.choice(v, what+".command_permission", "permission", Permissions); ok {
				s.CommandPermission = p
			}
		case "reopen_incomplete":
			if b, ok := d.boolean(v, what+".reopen_incomplete"); ok {
				s.ReopenIncomplete = b
			}
		}
	})
}

var triggerKeys = []string{"merge", "default_branch", "command", "manual"}

func (d *decoder) problemTriggers(n *yaml.Node, what string, t *policy.ProblemTriggers) {
	fields := map[string]*bool{"merge": &t.Merge, "default_branch": &t.DefaultBranch, "command": &t.Command, "manual": &t.Manual}
	d.mapping(n, what, triggerKeys, func(key string, _, v *yaml.Node) {
		if b, ok := d.boolean(v, what+"."+key); ok {
			*fields[key] = b
		}
	})
}

// stageKinds are the stage labels' keys, in the order their clash is reported.
var stageKinds = []string{"needs_triage", "investigating", "fix_merged", "verified", "closed_incomplete"}

// stageLabels decodes the stage labels; problemLabelClash checks them once the whole file is read.
func (d *decoder) stageLabels(n *yaml.Node, what string, l *problem.StageLabels) {
	fields := stageFields(l)
	d.stageNodes = map[string]*yaml.Node{}
	d.mapping(n, what, stageKinds, func(key string, _, v *yaml.Node) {
		if s, ok := d.str(v, what+"."+key); ok {
			*fields[key], d.stageNodes[key] = s, v
		}
	})
}

func stageFields(l *problem.StageLabels) map[string]*string {
	return map[string]*string{"needs_triage": &l.NeedsTriage, "investigating": &l.Investigating, "fix_merged": &l.FixMerged,
		"verified": &l.Verified, "closed_incomplete": &l.ClosedIncomplete}
}

// problemLabelClash reports a stage label that is another stage's, or an issue kind's: the bot
// moves stage labels, so one shared with the problem-report label would take that away, and
// two stages sharing one would show a report needing triage as verified.
func (d *decoder) problemLabelClash(c *policy.Config) {
	stages := stageFields(&c.ProblemReports.Stages)
	kinds := map[string]string{"rules.traceability.labels.requirement": c.Traceability.Labels.Requirement,
		"rules.traceability.labels.change_request": c.Traceability.Labels.ChangeRequest,
		"rules.traceability.labels.problem_report": c.Traceability.Labels.ProblemReport,
		"rules.traceability.labels.approved":       c.Traceability.Labels.Approved}
	for i, a := range stageKinds {
		at := d.stageNodes[a]
		if at == nil {
			continue
		}
		for _, b := range stageKinds {
			if b != a && strings.EqualFold(*stages[a], *stages[b]) && (d.stageNodes[b] == nil || slices.Index(stageKinds, b) < i) {
				d.errorf(at, "problem_reports.labels: %s and %s are both the label %q; each stage needs its own label", b, a, *stages[a])
			}
		}
		for _, k := range sortedKeys(kinds) {
			if strings.EqualFold(*stages[a], kinds[k]) {
				d.errorf(at, "problem_reports.labels.%s: %q is already %s; a stage label must be a label of its own", a, *stages[a], k)
			}
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
