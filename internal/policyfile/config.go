package policyfile

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

var topKeys = []string{"version", "default_class", "summary_comment", "systems", "rules", "overrides", "problem_reports"}

// config decodes the top level of a repository configuration onto p, whose Config and Rules
// already hold the defaults: every key present replaces its default.
func (d *decoder) config(root *yaml.Node, p *policy.Policy) {
	version := false
	d.mapping(root, "policy", topKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "version":
			version = true
			d.version(v)
		case "default_class":
			d.defaultClass(v, &p.Config)
		case "summary_comment":
			if s, ok := d.oneOf(v, "summary_comment", string(policy.CommentAlways), string(policy.CommentOnFailure), string(policy.CommentNever)); ok {
				p.Config.SummaryComment = policy.CommentMode(s)
			}
		case "systems":
			p.Config.Systems = d.systems(v)
		case "rules":
			d.rules(v, &p.Config)
		case "overrides":
			p.Deviations = d.overrides(v, p.Rules)
		case "problem_reports":
			d.problemReports(v, &p.Config.ProblemReports)
		}
	})
	d.problemLabelClash(&p.Config)
	if root.Kind == yaml.MappingNode && !version {
		d.errorf(root, missingVersion)
	}
	p.Deviations = append(policy.ClassificationDeviations(p.Config), p.Deviations...)
	p.Vocabulary = vocabularyChanges(p.Config)
	sortDeviations(p.Deviations)
}

// version checks the format version; only 1 exists, and Config.Version already says so.
func (d *decoder) version(n *yaml.Node) {
	if v, ok := d.integer(n, "version"); ok && v != 1 {
		d.errorf(n, "version: unknown version %d; this bot understands version 1", v)
	}
}

var systemKeys = []string{"name", "class", "paths", "wins_over", "justification"}

// requiredSystemKeys are the keys every system must have.
var requiredSystemKeys = systemKeys[:3]

// systems decodes the software systems (clause 4.3), in match order.
func (d *decoder) systems(n *yaml.Node) []policy.System {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "systems: want a list of systems (name, class, paths), got %s", describe(n))
		return nil
	}
	out := []policy.System{}
	names := map[string]bool{}
	winsOver := map[int]*yaml.Node{}
	for i, item := range n.Content {
		what := fmt.Sprintf("systems[%d]", i)
		s := d.system(item, what, names)
		if v := valueOf(item, "wins_over"); v != nil {
			winsOver[i] = v
		}
		out = append(out, s)
	}
	d.precedence(out, winsOver)
	return out
}

// system decodes one system; names holds the names seen so far, to catch duplicates.
func (d *decoder) system(n *yaml.Node, what string, names map[string]bool) policy.System {
	var s policy.System
	have := map[string]bool{}
	d.mapping(n, what, systemKeys, func(key string, _, v *yaml.Node) {
		have[key] = true
		switch key {
		case "name":
			d.systemName(v, what, names, &s)
		case "class":
			s.Class, _ = d.class(v, what+".class")
		case "paths":
			s.Paths, _ = d.globs(v, what+".paths")
			if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
				d.errorf(v, "%s.paths: a system needs at least one path glob", what)
			}
		case "wins_over":
			if names, ok := d.strList(v, what+".wins_over"); ok {
				s.WinsOver = names
			}
		case "justification":
			s.Justification = d.justification(v, what+".justification")
		}
	})
	for _, key := range requiredSystemKeys {
		if n.Kind == yaml.MappingNode && !have[key] {
			d.errorf(n, "%s: %s is missing", what, key)
		}
	}
	return s
}

func (d *decoder) systemName(v *yaml.Node, what string, names map[string]bool, s *policy.System) {
	name, ok := d.str(v, what+".name")
	if !ok {
		return
	}
	if names[name] {
		d.errorf(v, "%s.name: system %q is defined twice; give each system one entry", what, name)
	}
	names[name] = true
	s.Name = name
}

// rules decodes the class-independent settings of each rule.
func (d *decoder) rules(n *yaml.Node, c *policy.Config) {
	d.mapping(n, "rules", ruleKeyNames(), func(key string, _, v *yaml.Node) {
		what := "rules." + key
		switch ruleID(key) {
		case policy.RuleTraceability:
			d.traceability(v, what, &c.Traceability)
		case policy.RuleReviews:
			d.reviews(v, what, &c.Reviews)
		case policy.RuleTestEvidence:
			d.testEvidence(v, what, &c.TestEvidence)
		case policy.RuleRiskImpact:
			d.riskImpact(v, what, &c.RiskImpact)
		case policy.RuleSOUP:
			d.soup(v, what, &c.SOUP)
		default:
			d.ruleOptions(v, what, key, c)
		}
	})
}

// ruleOptions decodes the class-independent settings a rule's descriptor declares.
func (d *decoder) ruleOptions(n *yaml.Node, what, key string, c *policy.Config) {
	rule, _ := policy.RuleByKey(key)
	d.mapping(n, what, optionKeys(rule), func(k string, _, v *yaml.Node) {
		for _, o := range rule.Options {
			if o.Key == k {
				o.Decode(value{d: d, n: v, what: what + "." + k}, c)
			}
		}
	})
}

// optionKeys are the keys under rules.<rule> of a rule whose descriptor declares its options.
func optionKeys(r *policy.Rule) []string {
	keys := make([]string, len(r.Options))
	for i, o := range r.Options {
		keys[i] = o.Key
	}
	return keys
}

var searchPlaces = []string{"title", "body", "commits", "branch"}

// The class-independent settings of each rule, under rules.<rule>.
var (
	traceabilityKeys = []string{"requirement_pattern", "search_in", "labels", "approvers", "catalogue"}
	reviewsKeys      = []string{"required_teams"}
	testEvidenceKeys = []string{"test_paths", "source_paths", "required_checks"}
	riskImpactKeys   = []string{"labels", "record_pattern"}
	soupKeys         = []string{"manifests", "list"}
)

func (d *decoder) traceability(n *yaml.Node, what string, t *policy.TraceabilitySettings) {
	var catalogue *yaml.Node
	d.mapping(n, what, traceabilityKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "requirement_pattern":
			if re, ok := d.regex(v, what+".requirement_pattern"); ok && !d.matchesOrdinaryText(v, what+".requirement_pattern", re) {
				t.RequirementPattern = re
			}
		case "search_in":
			if places, ok := d.choiceList(v, what+".search_in", "place", searchPlaces); ok {
				t.SearchIn = places
			}
		case "labels":
			d.issueLabels(v, what+".labels", &t.Labels)
		case "approvers":
			if teams, ok := d.strList(v, what+".approvers"); ok {
				t.Approvers = teams
			}
		case "catalogue":
			catalogue = v
		}
	})
	// Decoded last: an issue catalogue's label defaults to the requirement label, wherever
	// the file sets that.
	if catalogue != nil {
		t.Catalogue = d.catalogue(catalogue, what+".catalogue", t.Labels.Requirement)
	}
}

// issueKinds are the issue labels' keys, in the order their clash is reported.
var issueKinds = []string{"requirement", "change_request", "problem_report", "approved"}

// issueLabels decodes the labels that sort linked issues. They must all differ: were the
// approved label also the change-request label, or a change request's label also the
// requirement's, every change request would count as approved, loosening class C traceability
// without a justification.
func (d *decoder) issueLabels(n *yaml.Node, what string, l *policy.IssueLabels) {
	fields := map[string]*string{"requirement": &l.Requirement, "change_request": &l.ChangeRequest, "problem_report": &l.ProblemReport, "approved": &l.Approved}
	nodes := map[string]*yaml.Node{}
	d.mapping(n, what, issueKinds, func(key string, _, v *yaml.Node) {
		if s, ok := d.str(v, what+"."+key); ok {
			*fields[key], nodes[key] = s, v
		}
	})
	for i, a := range issueKinds {
		for _, b := range issueKinds[i+1:] {
			if strings.EqualFold(*fields[a], *fields[b]) {
				at := nodes[b]
				if at == nil {
					at = nodes[a]
				}
				d.errorf(at, "%s: %s and %s are both the label %q; each kind of issue needs its own label", what, a, b, *fields[b])
			}
		}
	}
}

func (d *decoder) reviews(n *yaml.Node, what string, r *policy.ReviewSettings) {
	d.mapping(n, what, reviewsKeys, func(_ string, _, v *yaml.Node) {
		if teams, ok := d.strList(v, what+".required_teams"); ok {
			r.RequiredTeams = teams
		}
	})
}

func (d *decoder) testEvidence(n *yaml.Node, what string, t *policy.TestEvidenceSettings) {
	d.mapping(n, what, testEvidenceKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "test_paths":
			if g, ok := d.globs(v, what+".test_paths"); ok && !d.claimsSources(v, what+".test_paths", g) {
				t.TestPaths = g
			}
		case "source_paths":
			if g, ok := d.globs(v, what+".source_paths"); ok && !d.emptyList(v, what+".source_paths", "means no change ever needs tests") {
				t.SourcePaths = g
			}
		case "required_checks":
			if s, ok := d.strList(v, what+".required_checks"); ok {
				t.RequiredChecks = s
			}
		}
	})
}

func (d *decoder) riskImpact(n *yaml.Node, what string, r *policy.RiskImpactSettings) {
	d.mapping(n, what, riskImpactKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "labels":
			labels, ok := d.labelList(v, what+".labels")
			if ok && len(labels) < 2 {
				d.errorf(v, "%s.labels: list at least two labels, lowest impact (no impact) first", what)
				ok = false
			}
			if ok {
				r.Labels = labels
			}
		case "record_pattern":
			if re, ok := d.regex(v, what+".record_pattern"); ok && !d.matchesOrdinaryText(v, what+".record_pattern", re) {
				r.RecordPattern = re
			}
		}
	})
}

// soup decodes SOUP change control settings. A manifest glob without a slash matches the file
// name in any folder (the engine does that), so "go.mod" also covers "services/api/go.mod".
func (d *decoder) soup(n *yaml.Node, what string, s *policy.SOUPSettings) {
	d.mapping(n, what, soupKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "manifests":
			if g, ok := d.globs(v, what+".manifests"); ok && !d.emptyList(v, what+".manifests", "switches SOUP change control off (no change would touch a dependency manifest)") {
				s.Manifests = g
			}
		case "list":
			if p, ok := d.filePath(v, what+".list"); ok {
				s.ListPath = p
			}
		}
	})
}
