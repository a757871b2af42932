package policy

import (
	"fmt"
	"sort"
	"strings"
)

// classify decides the pull request's class: each changed path belongs to the first system
// whose globs match it, or else takes the default class; the highest class touched wins.
// Changed files GitHub did not list (unseen) could be anywhere, so they make the class C:
// nothing nobody saw ever lowers the class.
func classify(cfg Config, files fileSet, unseen int) (Class, Classification) {
	c := Classification{DefaultClass: cfg.DefaultClass, Systems: []SystemMatch{}, Unclaimed: []string{}, Unseen: max(unseen, 0)}
	bySystem := map[string]int{}
	for _, p := range files.paths {
		sys, ok := systemOf(cfg.Systems, p)
		if !ok {
			c.Unclaimed = append(c.Unclaimed, p)
			continue
		}
		i, seen := bySystem[sys.Name]
		if !seen {
			i = len(c.Systems)
			bySystem[sys.Name] = i
			c.Systems = append(c.Systems, SystemMatch{Name: sys.Name, Class: sys.Class})
		}
		c.Systems[i].Files = append(c.Systems[i].Files, p)
	}
	// Highest class first: that is the one a reviewer must hold the change to.
	sort.SliceStable(c.Systems, func(i, j int) bool { return c.Systems[i].Class.Rank() > c.Systems[j].Class.Rank() })
	class := highest(c, cfg.DefaultClass, len(files.paths) == 0)
	c.Reason = reason(class, c, len(files.paths) == 0)
	if c.Unseen > 0 {
		class = ClassC
		c.Reason += fmt.Sprintf(" GitHub lists only the first %d changed files; the %d others could be in any system, so class C applies.", len(files.paths), c.Unseen)
	}
	return class, c
}

// systemOf returns the first system claiming path p.
func systemOf(systems []System, p string) (System, bool) {
	for _, s := range systems {
		if matchesPath(s.Paths, p) {
			return s, true
		}
	}
	return System{}, false
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

func reason(class Class, c Classification, empty bool) string {
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
	r := fmt.Sprintf("Class %s: %s", class, strings.Join(parts, "; "))
	if len(c.Systems)+min(len(c.Unclaimed), 1) > 1 {
		r += "; the highest class applies"
	}
	return r + "."
}

// joinAnd renders "a, b and c"; joinOr "a, b or c".
func joinAnd(items []string) string { return joinWith(items, " and ") }

func joinOr(items []string) string { return joinWith(items, " or ") }

func joinWith(items []string, last string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// plural renders "1 file is" / "3 files are".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
