package policyfile

import (
	"fmt"
	"os"
	"sort"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

var topKeys = []string{"version", "default_class", "summary_comment", "systems", "rules", "overrides"}

// LoadFile reads and validates a policy file.
func LoadFile(path string) (*policy.Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read policy file: %w", err)
	}
	return Parse(path, data)
}

// Parse validates the content of a policy file and merges it with the bundled class defaults.
// name is the file's name in messages. An invalid file returns *ValidationError with every
// problem found.
func Parse(name string, data []byte) (*policy.Policy, error) {
	d := &decoder{file: name}
	p := &policy.Policy{Source: name, Configured: true, Config: defaultConfig(), Rules: BundledRules()}
	root := d.document(data)
	if root == nil {
		return nil, d.result()
	}
	version := false
	d.mapping(root, "policy", topKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "version":
			version = true
			d.version(v, &p.Config)
		case "default_class":
			if c, ok := d.class(v, "default_class"); ok {
				p.Config.DefaultClass = c
			}
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
		}
	})
	if root.Kind == yaml.MappingNode && !version {
		d.errorf(root, "version is missing: add \"version: 1\" as the first line")
	}
	if err := d.result(); err != nil {
		return nil, err
	}
	return p, nil
}

func (d *decoder) version(n *yaml.Node, c *policy.Config) {
	v, ok := d.integer(n, "version")
	if ok && v != 1 {
		d.errorf(n, "version: unknown version %d; this bot understands version 1", v)
		return
	}
	c.Version = v
}

func (d *decoder) systems(n *yaml.Node) []policy.System {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "systems: want a list of systems (name, class, paths), got %s", describe(n))
		return nil
	}
	out := []policy.System{}
	names := map[string]bool{}
	for i, item := range n.Content {
		what := fmt.Sprintf("systems[%d]", i)
		var s policy.System
		have := map[string]bool{}
		d.mapping(item, what, []string{"name", "class", "paths"}, func(key string, _, v *yaml.Node) {
			have[key] = true
			switch key {
			case "name":
				s.Name, _ = d.str(v, what+".name")
				if names[s.Name] {
					d.errorf(v, "%s.name: system %q is defined twice; give each system one entry", what, s.Name)
				}
				names[s.Name] = true
			case "class":
				s.Class, _ = d.class(v, what+".class")
			case "paths":
				s.Paths, _ = d.globs(v, what+".paths")
				if have["paths"] && len(v.Content) == 0 && v.Kind == yaml.SequenceNode {
					d.errorf(v, "%s.paths: a system needs at least one path glob", what)
				}
			}
		})
		for _, key := range []string{"name", "class", "paths"} {
			if item.Kind == yaml.MappingNode && !have[key] {
				d.errorf(item, "%s: %s is missing", what, key)
			}
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) rules(n *yaml.Node, c *policy.Config) {
	d.mapping(n, "rules", ruleKeyNames(), func(key string, _, v *yaml.Node) {
		what := "rules." + key
		switch ruleID(key) {
		case policy.RuleTraceability:
			d.traceability(v, what, &c.Traceability)
		case policy.RuleReviews:
			d.mapping(v, what, []string{"required_teams"}, func(_ string, _, val *yaml.Node) {
				c.Reviews.RequiredTeams, _ = d.strList(val, what+".required_teams")
			})
		case policy.RuleTestEvidence:
			d.testEvidence(v, what, &c.TestEvidence)
		case policy.RuleRiskImpact:
			d.riskImpact(v, what, &c.RiskImpact)
		case policy.RuleSOUP:
			d.soup(v, what, &c.SOUP)
		}
	})
}

var searchPlaces = []string{"title", "body", "commits", "branch"}

func (d *decoder) traceability(n *yaml.Node, what string, t *policy.TraceabilitySettings) {
	d.mapping(n, what, []string{"requirement_pattern", "search_in", "labels"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "requirement_pattern":
			if re, ok := d.regex(v, what+".requirement_pattern"); ok {
				t.RequirementPattern = re
			}
		case "search_in":
			places, ok := d.strList(v, what+".search_in")
			for i, p := range places {
				if !contains(searchPlaces, p) {
					d.errorf(v.Content[i], "%s.search_in[%d]: unknown place %q; want %s", what, i, p, orList(searchPlaces))
					ok = false
				}
			}
			if ok {
				t.SearchIn = places
			}
		case "labels":
			d.issueLabels(v, what+".labels", &t.Labels)
		}
	})
}

func (d *decoder) issueLabels(n *yaml.Node, what string, l *policy.IssueLabels) {
	fields := map[string]*string{"requirement": &l.Requirement, "change_request": &l.ChangeRequest, "problem_report": &l.ProblemReport, "approved": &l.Approved}
	d.mapping(n, what, []string{"requirement", "change_request", "problem_report", "approved"}, func(key string, _, v *yaml.Node) {
		if s, ok := d.str(v, what+"."+key); ok {
			*fields[key] = s
		}
	})
}

func (d *decoder) testEvidence(n *yaml.Node, what string, t *policy.TestEvidenceSettings) {
	d.mapping(n, what, []string{"test_paths", "source_paths", "required_checks"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "test_paths":
			if g, ok := d.globs(v, what+".test_paths"); ok {
				t.TestPaths = g
			}
		case "source_paths":
			if g, ok := d.globs(v, what+".source_paths"); ok {
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
	d.mapping(n, what, []string{"labels", "record_pattern"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "labels":
			labels, ok := d.strList(v, what+".labels")
			if ok && len(labels) < 2 {
				d.errorf(v, "%s.labels: list at least two labels, lowest impact (no impact) first", what)
				ok = false
			}
			if ok {
				r.Labels = labels
			}
		case "record_pattern":
			if re, ok := d.regex(v, what+".record_pattern"); ok {
				r.RecordPattern = re
			}
		}
	})
}

func (d *decoder) soup(n *yaml.Node, what string, s *policy.SOUPSettings) {
	d.mapping(n, what, []string{"manifests", "list"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "manifests":
			if g, ok := d.globs(v, what+".manifests"); ok {
				s.Manifests = g
			}
		case "list":
			if p, ok := d.str(v, what+".list"); ok {
				s.ListPath = p
			}
		}
	})
}

// overrides applies per-class overrides to rules and returns the deviations they make. A
// loosening without a justification is a problem: auditors ask who waived what, and why.
func (d *decoder) overrides(n *yaml.Node, rules map[policy.Class]policy.ClassRules) []policy.Deviation {
	deviations := []policy.Deviation{}
	d.mapping(n, "overrides", []string{"A", "B", "C"}, func(key string, _, v *yaml.Node) {
		class := policy.Class(key)
		def, got := rules[class], rules[class]
		set, justifications := d.classBlock(v, "overrides."+key, &got, true)
		for _, s := range set {
			if !s.knob.looser(&def, &got) {
				continue
			}
			why := justifications[s.rule]
			if why == "" {
				d.errorf(s.node, "overrides.%s.%s.%s: %s is looser than the class %s default %s: add \"justification:\" to overrides.%s.%s explaining why (it is reported on every class %s pull request)",
					key, ruleKey(s.rule), s.knob.key, s.knob.show(&got), key, s.knob.show(&def), key, ruleKey(s.rule), key)
				continue
			}
			deviations = append(deviations, policy.Deviation{Class: class, Rule: s.rule, Setting: s.knob.key,
				Default: s.knob.show(&def), Configured: s.knob.show(&got), Justification: why})
		}
		rules[class] = got
	})
	sortDeviations(deviations)
	return deviations
}

func sortDeviations(devs []policy.Deviation) {
	order := map[policy.RuleID]int{}
	for i, r := range ruleKeys {
		order[r.id] = i
	}
	sort.SliceStable(devs, func(i, j int) bool {
		a, b := devs[i], devs[j]
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		if a.Rule != b.Rule {
			return order[a.Rule] < order[b.Rule]
		}
		return a.Setting < b.Setting
	})
}

// RequiredTeams returns the required reviewer teams a policy file names, or nil when it does
// not parse; the GitHub fetcher uses it to know which team memberships to read.
func RequiredTeams(data []byte) []string {
	p, err := Parse("config", data)
	if err != nil {
		return nil
	}
	return p.Config.Reviews.RequiredTeams
}

// Summary is the one line `iec62304-bot validate` prints for a valid policy.
func Summary(p *policy.Policy) string {
	systems := ""
	for i, s := range p.Config.Systems {
		if i > 0 {
			systems += ", "
		}
		systems += s.Name + ": " + string(s.Class)
	}
	line := fmt.Sprintf("%s: valid: version %d, default class %s, %s", p.Source, p.Config.Version, p.Config.DefaultClass, plural(len(p.Config.Systems), "system"))
	if systems != "" {
		line += " (" + systems + ")"
	}
	line += ", " + plural(len(p.Deviations), "deviation")
	if len(p.Deviations) > 0 {
		devs := ""
		for i, dv := range p.Deviations {
			if i > 0 {
				devs += "; "
			}
			devs += fmt.Sprintf("%s %s.%s %s -> %s", dv.Class, ruleKey(dv.Rule), dv.Setting, dv.Default, dv.Configured)
		}
		line += " (" + devs + ")"
	}
	return line
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
