package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/prose"
)

// RuleClassification is the Rule of a deviation about how files get their class rather than
// about one rule: a default_class below C, or a system that wins over a stricter one.
const RuleClassification RuleID = "classification"

// classify decides the pull request's class. Each changed path belongs to every system whose
// globs match it (unless one of them wins over another, a justified deviation), or else takes
// the default class; a file takes the highest class among its systems, and the pull request
// the highest class among its files, so the order of systems never lowers a class. Changed
// files GitHub did not list (unseen) could be anywhere, so they make the class C: nothing
// nobody saw ever lowers the class. It also returns the classification deviations that
// lowered a class in this pull request.
func classify(cfg Config, files fileSet, unseen int) (Class, Classification, []Deviation) {
	c := Classification{DefaultClass: cfg.DefaultClass, Systems: []SystemMatch{}, Unclaimed: []string{}, Unseen: max(unseen, 0)}
	bySystem := map[string]int{}
	applied := newDeviationSet()
	overlapping := 0
	for _, p := range files.paths {
		cl := claimOf(cfg.Systems, p)
		if len(cl.kept) == 0 {
			c.Unclaimed = append(c.Unclaimed, p)
			continue
		}
		if len(cl.kept) > 1 {
			overlapping++
		}
		for _, sys := range cl.kept {
			i, seen := bySystem[sys.Name]
			if !seen {
				i = len(c.Systems)
				bySystem[sys.Name] = i
				c.Systems = append(c.Systems, SystemMatch{Name: sys.Name, Class: sys.Class})
			}
			c.Systems[i].Files = append(c.Systems[i].Files, p)
		}
		for _, d := range cl.lowered() {
			applied.add(d)
		}
	}
	if d, ok := defaultClassDeviation(cfg); ok && (len(c.Unclaimed) > 0 || len(files.paths) == 0) {
		applied.add(d)
	}
	// Highest class first: that is the one a reviewer must hold the change to.
	sort.SliceStable(c.Systems, func(i, j int) bool { return c.Systems[i].Class.Rank() > c.Systems[j].Class.Rank() })
	class := highest(c, cfg.DefaultClass, len(files.paths) == 0)
	c.Reason = reason(class, c, len(files.paths) == 0, overlapping, len(applied.list))
	if c.Unseen > 0 {
		class = ClassC
		c.Reason += fmt.Sprintf(" GitHub lists only the first %d changed files; the %d others could be in any system, so class C applies.", len(files.paths), c.Unseen)
	}
	return class, c, applied.list
}

// claim is how one path is claimed: kept are the systems whose class counts for it, dropped
// those that gave it up because a kept system wins over them.
type claim struct {
	kept, dropped []System
}

// claimOf finds every system claiming p. A system another claimant wins over gives the file
// up; should every claimant be given up (a cycle, which the validator rejects), all keep it:
// the stricter reading.
func claimOf(systems []System, p string) claim {
	var matched []System
	for _, s := range systems {
		if matchesPath(s.Paths, p) {
			matched = append(matched, s)
		}
	}
	var cl claim
	for _, s := range matched {
		if wonOver(matched, s.Name) {
			cl.dropped = append(cl.dropped, s)
		} else {
			cl.kept = append(cl.kept, s)
		}
	}
	if len(cl.kept) == 0 {
		return claim{kept: matched}
	}
	return cl
}

// wonOver reports whether another of systems wins over the one named name.
func wonOver(systems []System, name string) bool {
	for _, s := range systems {
		if s.Name != name && slices.Contains(s.WinsOver, name) {
			return true
		}
	}
	return false
}

// class is the highest class among the kept systems.
func (cl claim) class() Class {
	var class Class
	for _, s := range cl.kept {
		if s.Class.Rank() > class.Rank() {
			class = s.Class
		}
	}
	return class
}

// lowered returns the deviations of the kept systems that won over a system of a higher
// class than the file ended up with.
func (cl claim) lowered() []Deviation {
	var out []Deviation
	class := cl.class()
	for _, loser := range cl.dropped {
		if loser.Class.Rank() <= class.Rank() {
			continue
		}
		for _, winner := range cl.kept {
			if slices.Contains(winner.WinsOver, loser.Name) {
				out = append(out, winsOverDeviation(winner, loser))
			}
		}
	}
	return out
}

// classOf is the class one changed file takes: the highest among the systems that keep it,
// or the default class when none claims it.
func classOf(cfg Config, p string) Class {
	if cl := claimOf(cfg.Systems, p); len(cl.kept) > 0 {
		return cl.class()
	}
	return cfg.DefaultClass
}

// ClassificationDeviations lists how a configuration loosens the classification itself: a
// default class below C, and each system that wins over one of a higher class.
func ClassificationDeviations(cfg Config) []Deviation {
	out := []Deviation{}
	if d, ok := defaultClassDeviation(cfg); ok {
		out = append(out, d)
	}
	for _, winner := range cfg.Systems {
		for _, name := range winner.WinsOver {
			for _, loser := range cfg.Systems {
				if loser.Name == name && loser.Class.Rank() > winner.Class.Rank() {
					out = append(out, winsOverDeviation(winner, loser))
				}
			}
		}
	}
	return out
}

func defaultClassDeviation(cfg Config) (Deviation, bool) {
	if cfg.DefaultClass.Rank() >= ClassC.Rank() {
		return Deviation{}, false
	}
	return Deviation{Class: cfg.DefaultClass, Rule: RuleClassification, Setting: "default_class",
		Default: string(ClassC), Configured: string(cfg.DefaultClass), Justification: cfg.DefaultClassJustification}, true
}

func winsOverDeviation(winner, loser System) Deviation {
	return Deviation{Class: winner.Class, Rule: RuleClassification, Setting: "systems." + winner.Name + ".wins_over." + loser.Name,
		Default: string(loser.Class), Configured: string(winner.Class), Justification: winner.Justification}
}

// deviationSet collects deviations once each, in the order first seen.
type deviationSet struct {
	seen map[string]bool
	list []Deviation
}

func newDeviationSet() *deviationSet {
	return &deviationSet{seen: map[string]bool{}, list: []Deviation{}}
}

func (s *deviationSet) add(d Deviation) {
	if key := string(d.Rule) + "." + d.Setting; !s.seen[key] {
		s.seen[key] = true
		s.list = append(s.list, d)
	}
}

func highest(c Classification, def Class, empty bool) Class {
	var class Class
	if empty || len(c.Unclaimed) > 0 {
		class = def
	}
	for _, s := range c.Systems {
		if s.Class.Rank() > class.Rank() {
			class = s.Class
		}
	}
	return class
}

func reason(class Class, c Classification, empty bool, overlapping, lowered int) string {
	if empty {
		return fmt.Sprintf("Class %s: the pull request changes no files, so the default class applies.", class)
	}
	var parts []string
	if len(c.Systems) > 0 {
		touched := make([]string, len(c.Systems))
		for i, s := range c.Systems {
			touched[i] = fmt.Sprintf("%s (%s)", s.Name, s.Class)
		}
		parts = append(parts, "touches "+joinAnd(touched))
	}
	if n := len(c.Unclaimed); n > 0 {
		parts = append(parts, fmt.Sprintf("%s in no system, which take%s the default class %s", plural(n, "file is", "files are"), map[bool]string{true: "s", false: ""}[n == 1], c.DefaultClass))
	}
	if overlapping > 0 {
		parts = append(parts, fmt.Sprintf("%s claimed by several systems, each taking the highest of their classes", plural(overlapping, "file is", "files are")))
	}
	if lowered > 0 {
		parts = append(parts, "a justified deviation lowers the class of some files (see the deviations)")
	}
	r := fmt.Sprintf("Class %s: %s", class, strings.Join(parts, "; "))
	if len(c.Systems)+min(len(c.Unclaimed), 1) > 1 {
		r += "; the highest class applies"
	}
	return r + "."
}

// joinAnd renders "a, b and c".
var joinAnd = prose.JoinAnd

// plural renders "1 file is" / "3 files are".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
