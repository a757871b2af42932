package catalogue

import (
	"regexp"
	"strings"
)

// FromStrictDoc reads requirements from StrictDoc documents (.sdoc), in path order: each
// [REQUIREMENT] node's UID is the ID (it must match pattern whole) and its TITLE the title.
// A node without a UID defines nothing; multi-line fields (between >>> and <<<) are text, not
// fields.
func FromStrictDoc(pattern *regexp.Regexp, files map[string][]byte) *Defined {
	return fromFiles(files, func(d *Defined, path string, content []byte) {
		for _, node := range requirementNodes(string(content)) {
			switch id := node["UID"]; {
			case id == "":
				continue
			case pattern.FindString(id) != id:
				d.problem(path, "the UID %q is not a requirement ID matching %s", id, pattern)
			default:
				d.add(Requirement{ID: id, Title: node["TITLE"], Source: path})
			}
		}
	})
}

// requirementNodes lists the single-line fields of each [REQUIREMENT] node of a document.
func requirementNodes(doc string) []map[string]string {
	var nodes []map[string]string
	var node map[string]string
	inText := false
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimRight(line, " \t\r")
		switch {
		case inText:
			inText = line != "<<<"
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			node = nil
			if line == "[REQUIREMENT]" {
				node = map[string]string{}
				nodes = append(nodes, node)
			}
		case strings.HasSuffix(line, ": >>>"):
			inText = true
		case node != nil:
			if key, value, ok := strings.Cut(line, ": "); ok && key == strings.ToUpper(key) && !strings.Contains(key, " ") {
				node[key] = strings.TrimSpace(value)
			}
		}
	}
	return nodes
}
