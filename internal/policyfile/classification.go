package policyfile

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

var defaultClassKeys = []string{"class", "justification"}

// defaultClass decodes default_class: a class, or {class, justification} when it is below C.
// Files in no system are class C by default, so any lower class loosens the policy for every
// file the systems forget.
func (d *decoder) defaultClass(n *yaml.Node, c *policy.Config) {
	const what = "default_class"
	classNode := n
	if n.Kind == yaml.MappingNode {
		classNode = nil
		d.mapping(n, what, defaultClassKeys, func(key string, _, v *yaml.Node) {
			switch key {
			case "class":
				classNode = v
			case "justification":
				c.DefaultClassJustification = d.justification(v, what+".justification")
			}
		})
		if classNode == nil {
			d.errorf(n, "%s: class is missing", what)
			return
		}
	}
	class, ok := d.class(classNode, what)
	if !ok {
		return
	}
	c.DefaultClass = class
	if class != policy.ClassC && c.DefaultClassJustification == "" {
		d.errorf(classNode, `%s: %s is looser than the bundled default C (files in no system would be class %s): write "default_class: {class: %s, justification: ...}" explaining why (it is reported on every pull request with files in no system)`,
			what, class, class, class)
	}
}

// precedence checks each system's wins_over: the names must be other systems, must not go
// round in a circle, and winning over a stricter system needs a justification. nodes holds
// the wins_over node of each system that has one, by index.
func (d *decoder) precedence(systems []policy.System, nodes map[int]*yaml.Node) {
	byName := map[string]policy.System{}
	names := make([]string, 0, len(systems))
	for _, s := range systems {
		byName[s.Name] = s
		names = append(names, s.Name)
	}
	for i, s := range systems {
		n := nodes[i]
		for j, name := range s.WinsOver {
			what := fmt.Sprintf("systems[%d].wins_over[%d]", i, j)
			at := n.Content[j]
			loser, known := byName[name]
			switch {
			case name == s.Name:
				d.errorf(at, "%s: system %q cannot win over itself", what, name)
			case !known:
				d.errorf(at, "%s: unknown system %q%s; name one of the systems listed in systems", what, name, suggest(name, names))
			case loser.Class.Rank() > s.Class.Rank() && s.Justification == "":
				d.errorf(at, `%s: %s (class %s) winning over %s (class %s) lowers the files both claim to class %s: add "justification:" to systems[%d] explaining why (it is reported on every pull request it lowers)`,
					what, s.Name, s.Class, name, loser.Class, s.Class, i)
			}
		}
	}
	if cycle := winsOverCycle(systems); len(cycle) > 0 {
		first := cycle[0]
		d.errorf(nodes[first], "systems[%d].wins_over: %s win over each other in a circle; a file they all claim keeps the highest class, so remove one wins_over",
			first, joinNames(systems, cycle))
	}
}

// winsOverCycle returns the indexes of systems that win over each other in a circle, or nil.
func winsOverCycle(systems []policy.System) []int {
	index := map[string]int{}
	for i, s := range systems {
		index[s.Name] = i
	}
	const (
		unvisited = iota
		onPath
		done
	)
	state := make([]int, len(systems))
	var path []int
	var visit func(i int) []int
	visit = func(i int) []int {
		state[i] = onPath
		path = append(path, i)
		for _, name := range systems[i].WinsOver {
			j, ok := index[name]
			if !ok || j == i {
				continue
			}
			switch state[j] {
			case onPath:
				for k, p := range path {
					if p == j {
						return append([]int(nil), path[k:]...)
					}
				}
			case unvisited:
				if c := visit(j); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[i] = done
		return nil
	}
	for i := range systems {
		if state[i] == unvisited {
			if c := visit(i); c != nil {
				return c
			}
		}
	}
	return nil
}

func joinNames(systems []policy.System, idx []int) string {
	names := make([]string, len(idx))
	for i, j := range idx {
		names[i] = systems[j].Name
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// valueOf returns the value of key in a mapping node, or nil.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
