package catalogue

import (
	"reflect"
	"strings"
	"testing"
)

// A setext heading (a paragraph underlined with === or ---) defines a requirement as an ATX
// heading does; each case names an ID the document defines and one it only seems to.
func TestFromMarkdownSetextHeadings(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		known   Requirement
		unknown string // IDs the document seems to define, space-separated
	}{
		{"underlined with =", "REQ-1: Dose limit\n=================\n\nREQ-2: a paragraph\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2"},
		{"underlined with -, as long as it likes", "REQ-1: Dose limit\n-\n\nREQ-2: Alarm\n= =\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2"},
		{"--- after a paragraph is a heading, after a blank line a thematic break",
			"REQ-1: Dose limit\n---\n\nREQ-2: Alarm\n\n---\n", Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2"},
		{"a heading of several lines is one title", "REQ-1: Dose\nlimit  \n   ===   \n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, ""},
		{"only the paragraph's first line can start the heading", "Intro\nREQ-2: Alarm\n===\n# REQ-1: Dose limit\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2"},
		{"an ATX heading is no paragraph to underline", "## REQ-1: Dose limit\n---\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, ""},
		{"not inside fenced code", "```md\nREQ-2: Alarm\n===\n```\nREQ-1: Dose limit\n===\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2"},
		{"a spaced or starred rule is a thematic break", "REQ-2: Alarm\n- - -\n\nREQ-3: Light\n***\nREQ-1: Dose limit\n===\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2 REQ-3"},
		{"an underline four spaces in continues the paragraph", "REQ-2: Alarm\n    ===\n\nREQ-1: Dose limit\n   ===\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2"},
		{"indented code is no paragraph", "    REQ-2: Alarm\n===\n\nREQ-1: Dose limit\n===\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2"},
		{"a list item or block quote is followed by a thematic break", "- REQ-2: Alarm\n---\n\n> REQ-3: Light\n---\n\n1. REQ-4\n===\n\nREQ-1\n===\n",
			Requirement{"REQ-1", "", "a.md"}, "REQ-2 REQ-3 REQ-4"},
		{"CRLF line ends", "REQ-1: Dose limit\r\n===\r\n", Requirement{"REQ-1", "Dose limit", "a.md"}, ""},
		{"a commented-out requirement defines nothing", "<!-- retired:\nREQ-2: Alarm\n===\n## REQ-3: Light\n-->\nREQ-1: Dose limit\n===\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2 REQ-3"},
		{"a one-line comment hides only itself", "<!-- draft -->\nREQ-1: Dose limit\n===\n", Requirement{"REQ-1", "Dose limit", "a.md"}, ""},
		{"an HTML block runs to a blank line, a <pre> to its end", "<div>\nREQ-2: Alarm\n===\n\n<pre>\n\n## REQ-3\n</pre>\n## REQ-1: Dose limit\n",
			Requirement{"REQ-1", "Dose limit", "a.md"}, "REQ-2 REQ-3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := FromMarkdown(reqPattern, map[string][]byte{"a.md": []byte(tt.doc)})
			if got, ok := d.Lookup(tt.known.ID); !ok || !reflect.DeepEqual(got, tt.known) {
				t.Errorf("%s: got %+v (defined: %v), want %+v; all: %+v", tt.known.ID, got, ok, tt.known, d.Requirements)
			}
			for _, id := range strings.Fields(tt.unknown) {
				if got, ok := d.Lookup(id); ok {
					t.Errorf("%s is defined (%+v), want not", id, got)
				}
			}
		})
	}
}
