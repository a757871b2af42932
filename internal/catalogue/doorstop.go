package catalogue

import (
	"path"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// doorstopItem is the part of a Doorstop item file the catalogue reads.
type doorstopItem struct {
	Active    *bool  `yaml:"active"`
	Normative *bool  `yaml:"normative"`
	Header    string `yaml:"header"`
	Text      string `yaml:"text"`
}

// FromDoorstop reads requirements from Doorstop item files, in path order: the file name
// without ".yml" is the ID (it must match pattern whole), the title is the item's header, or
// else the first line of its text. Inactive items (active: false) and non-normative ones
// (normative: false, Doorstop's headings and notes) define nothing. Files whose name starts
// with a dot (Doorstop's own .doorstop.yml) are the document's settings, not items.
func FromDoorstop(pattern *regexp.Regexp, files map[string][]byte) *Defined {
	return fromFiles(files, func(d *Defined, p string, content []byte) {
		name := path.Base(p)
		if strings.HasPrefix(name, ".") {
			return
		}
		id := strings.TrimSuffix(strings.TrimSuffix(name, ".yml"), ".yaml")
		if pattern.FindString(id) != id {
			d.problem(p, "the file name %q is not a requirement ID matching %s", id, pattern)
			return
		}
		var item doorstopItem
		if err := yaml.Unmarshal(content, &item); err != nil {
			d.problem(p, "not a Doorstop item: %s", firstLine(err.Error()))
			return
		}
		if (item.Active != nil && !*item.Active) || (item.Normative != nil && !*item.Normative) {
			return
		}
		title := strings.TrimSpace(item.Header)
		if title == "" {
			title = firstLine(strings.TrimSpace(item.Text))
		}
		d.add(Requirement{ID: id, Title: title, Source: p})
	})
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
