package policyfile

import (
	"os"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// TestRulesAreDocumented keeps docs/policies.md's rule table and sections true to the rule
// descriptors: every rule has its row (id, key, clauses), every per-class setting its row with
// the bundled default of each class, and every rule a section under its title.
func TestRulesAreDocumented(t *testing.T) {
	data, err := os.ReadFile("../../docs/policies.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	rows := tableRows(doc)
	for _, r := range policy.Rules() {
		if !strings.Contains(doc, "\n### "+r.Title+" (") {
			t.Errorf("docs/policies.md has no section \"### %s (...)\"", r.Title)
		}
		settings, ok := rows[string(r.ID)]
		if !ok {
			t.Errorf("the rule table has no row for `%s`", r.ID)
			continue
		}
		for _, s := range r.Settings {
			want := []string{"`" + s.Key + "`"}
			for _, c := range policy.Classes {
				want = append(want, s.Show(bundledRules[c]))
			}
			got := settings[s.Key]
			if strings.Join(got, " | ") != strings.Join(want, " | ") {
				t.Errorf("rule table, %s.%s: got %q, want %q", r.Key, s.Key, got, want)
			}
		}
		if head := settings[""]; len(head) < 2 || head[0] != ruleCell(r) || head[1] != r.Clauses {
			t.Errorf("rule table, %s: first cells %q, want %q and %q", r.ID, head, ruleCell(r), r.Clauses)
		}
	}
}

// ruleCell is the table's first cell for a rule: its id, and its file key where that differs.
func ruleCell(r *policy.Rule) string {
	if r.Key == string(r.ID) {
		return "`" + r.Key + "`"
	}
	return "`" + string(r.ID) + "`; `" + r.Key + "`"
}

// tableRows reads the rule table: rule id -> setting key -> that row's setting and per-class
// cells without bold; under "" the rule's own id and clause cells.
func tableRows(doc string) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	var rule string
	for _, line := range strings.Split(doc, "\n") {
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 6 || !strings.HasPrefix(strings.TrimSpace(cells[2]), "`") {
			continue
		}
		for i := range cells {
			cells[i] = strings.ReplaceAll(strings.TrimSpace(cells[i]), "**", "")
		}
		if cells[0] != "" {
			rule = strings.Trim(strings.SplitN(cells[0], ";", 2)[0], "`")
			out[rule] = map[string][]string{"": cells[:2]}
		}
		if rule != "" {
			out[rule][strings.Trim(cells[2], "`")] = cells[2:]
		}
	}
	return out
}
