package policyfile

import (
	"strings"
	"testing"
)

func TestParseProblems(t *testing.T) {
	const top = "version, default_class, summary_comment, systems, rules, overrides, problem_reports"
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		// The document as a whole.
		{"empty file", "", []string{`f.yml:1:1: version is missing: add "version: 1" as the first line`}},
		{"only comments", "# nothing yet\n\n", []string{`f.yml:1:1: version is missing: add "version: 1" as the first line`}},
		{"null document", "~\n", []string{`f.yml:1:1: version is missing: add "version: 1" as the first line`}},
		{"missing version", "default_class: C\n", []string{`f.yml:1:1: version is missing: add "version: 1" as the first line`}},
		{"unknown version", "version: 2\n", []string{"f.yml:1:10: version: unknown version 2; this bot understands version 1"}},
		{"version not a number", "version: one\n", []string{`f.yml:1:10: version: want a whole number, got "one"`}},
		{"version quoted", "version: \"1\"\n", []string{`f.yml:1:10: version: want a whole number, got "1"`}},
		{"root not a mapping", "- version: 1\n", []string{"f.yml:1:1: policy: want a mapping of " + top + ", got a list"}},
		// YAML syntax errors sit where the parser found them, with the start of what it was
		// reading when that is elsewhere.
		{"yaml syntax error at the end of the file", "version: 1\nsystems: [\n", []string{"f.yml:3:1: YAML syntax error: did not find expected node content"}},
		{"yaml error on the first line", "version: 1 : 2", []string{"f.yml:1:12: YAML syntax error: mapping values are not allowed in this context"}},
		{"misindented key", "version: 1\nsystems:\n  - name: a\n   class: B\n",
			[]string{"f.yml:4:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection that begins at line 3, column 3)"}},
		{"unclosed flow mapping", "version: 1\nrules: {soup: {}\nsystems: []\n",
			[]string{"f.yml:3:1: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping that begins at line 2, column 8)"}},
		{"unclosed quote", "version: 1\nrules:\n  soup: {list: \"docs/soup.md}\n",
			[]string{"f.yml:4:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar that begins at line 3, column 16)"}},
		{"unknown anchor", "version: 1\nrules: *r\n", []string{"f.yml:2:8: YAML syntax error: unknown anchor 'r' referenced"}},
		{"not UTF-8", "version: 1\nsystems: \xff\n", []string{"f.yml:1:1: YAML syntax error: invalid leading UTF-8 octet (value: 255)"}},
		{"tab indentation", "version: 1\nrules:\n\treviews: {}\n", []string{"f.yml:3:1: YAML syntax error: a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces"}},
		{"tab after spaces", "version: 1\nrules:\n  reviews:\n  \trequired_teams: [qa]\n", []string{"f.yml:4:3: YAML syntax error: a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces"}},
		{"tab in a list", "version: 1\nsystems:\n\t- {name: a, class: A, paths: [a/**]}\n", []string{"f.yml:3:1: YAML syntax error: a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces"}},
		{"two documents", "version: 1\n---\nversion: 1\n", []string{"f.yml:2:1: a second YAML document (---) is not allowed: keep one document"}},
		{"broken second document", "version: 1\n---\n[\n", []string{"f.yml:4:1: YAML syntax error: did not find expected node content"}},
		{"duplicate key", "version: 1\nversion: 1\n", []string{`f.yml:2:1: policy: key "version" appears twice; keep one`}},
		{"key that is a list", "version: 1\n? [a]\n: 1\n", []string{"f.yml:2:3: policy: a key must be a plain name, got a list; allowed keys: " + top}},
		{"alias", "version: 1\nrules:\n  soup: {list: &l docs/soup.md}\n  reviews: {required_teams: *l}\n",
			[]string{"f.yml:4:29: rules.reviews.required_teams: want a list of strings, got the alias *l (anchors and aliases are not supported: write the value out)"}},

		// Unknown keys and values, with suggestions for likely typos.
		{"typo with suggestion", "version: 1\ndefault_clas: B\n",
			[]string{`f.yml:2:1: policy: unknown key "default_clas" (did you mean "default_class"?); allowed keys: ` + top}},
		{"unknown key far from any", "version: 1\ncolour: red\n", []string{`f.yml:2:1: policy: unknown key "colour"; allowed keys: ` + top}},
		{"rule key with a dash", "version: 1\nrules:\n  test-evidence: {}\n",
			[]string{`f.yml:3:3: rules: unknown key "test-evidence" (did you mean "test_evidence"?); allowed keys: traceability, reviews, test_evidence, risk_impact, soup, policy_change`}},
		{"unknown class", "version: 1\ndefault_class: D\n", []string{`f.yml:2:16: default_class: unknown safety class "D"; want A, B or C`}},
		{"lower-case class", "version: 1\ndefault_class: c\n", []string{`f.yml:2:16: default_class: unknown safety class "c" (did you mean "C"?); want A, B or C`}},
		{"bad summary_comment", "version: 1\nsummary_comment: sometimes\n",
			[]string{`f.yml:2:18: summary_comment: unknown value "sometimes"; want always, on-failure or never`}},
		{"summary_comment typo", "version: 1\nsummary_comment: on_failure\n",
			[]string{`f.yml:2:18: summary_comment: unknown value "on_failure" (did you mean "on-failure"?); want always, on-failure or never`}},
		{"unknown search place", "version: 1\nrules:\n  traceability:\n    search_in: [title, wiki]\n",
			[]string{`f.yml:4:24: rules.traceability.search_in[1]: unknown place "wiki"; want title, body, commits or branch`}},
		{"search places after a bad item", "version: 1\nrules:\n  traceability:\n    search_in: [[title], body, wiki]\n",
			[]string{`f.yml:4:17: rules.traceability.search_in[0]: want a string, got a list`,
				`f.yml:4:32: rules.traceability.search_in[2]: unknown place "wiki"; want title, body, commits or branch`}},
		{"unknown enforcement", "version: 1\noverrides:\n  B:\n    traceability:\n      enforcement: strict\n",
			[]string{`f.yml:5:20: overrides.B.traceability.enforcement: unknown value "strict"; want blocking or advisory`}},
		{"enforcement typo", "version: 1\noverrides:\n  C:\n    soup: {enforcement: blockng}\n",
			[]string{`f.yml:4:25: overrides.C.soup.enforcement: unknown value "blockng" (did you mean "blocking"?); want blocking or advisory`}},
		{"unknown evidence", "version: 1\noverrides:\n  C:\n    test_evidence:\n      evidence: tests\n",
			[]string{`f.yml:5:17: overrides.C.test_evidence.evidence: unknown value "tests"; want tests-or-checks or tests-and-checks`}},

		// Systems.
		{"systems not a list", "version: 1\nsystems: dose\n", []string{`f.yml:2:10: systems: want a list of systems (name, class, paths), got "dose"`}},
		{"system missing class and paths", "version: 1\nsystems:\n  - name: dose\n",
			[]string{"f.yml:3:5: systems[0]: class is missing", "f.yml:3:5: systems[0]: paths is missing"}},
		{"system without paths", "version: 1\nsystems:\n  - {name: a, class: A, paths: []}\n", []string{"f.yml:3:32: systems[0].paths: a system needs at least one path glob"}},
		{"duplicate system", "version: 1\nsystems:\n  - {name: a, class: A, paths: [a/**]}\n  - {name: a, class: B, paths: [b/**]}\n",
			[]string{`f.yml:4:12: systems[1].name: system "a" is defined twice; give each system one entry`}},
		{"two empty names are not duplicates", "version: 1\nsystems:\n  - {name: \"\", class: A, paths: [a/**]}\n  - {name: \"\", class: B, paths: [b/**]}\n",
			[]string{"f.yml:3:12: systems[0].name: must not be empty", "f.yml:4:12: systems[1].name: must not be empty"}},
		{"bad glob", "version: 1\nsystems:\n  - name: dose\n    class: C\n    paths: [\"dose/[**\"]\n",
			[]string{`f.yml:5:13: systems[0].paths[0]: bad glob "dose/[**": check its brackets and braces`}},
		{"absolute glob", "version: 1\nsystems:\n  - {name: dose, class: C, paths: [\"/dose/**\"]}\n",
			[]string{`f.yml:3:36: systems[0].paths[0]: "/dose/**" starts with /: paths are relative to the repository root, write "dose/**"`}},
		{"glob with ./", "version: 1\nsystems:\n  - {name: dose, class: C, paths: [\"./dose/**\"]}\n",
			[]string{`f.yml:3:36: systems[0].paths[0]: "./dose/**" never matches: GitHub lists paths without a leading "./", write "dose/**"`}},
		{"glob with backslashes", "version: 1\nrules:\n  test_evidence:\n    test_paths: ['tests\\**']\n",
			[]string{`f.yml:4:18: rules.test_evidence.test_paths[0]: "tests\\**" never matches: GitHub lists paths with forward slashes, write "tests/**"`}},
		{"glob naming a folder", "version: 1\nsystems:\n  - {name: dose, class: C, paths: [dose/]}\n",
			[]string{`f.yml:3:36: systems[0].paths[0]: "dose/" never matches: GitHub lists files, not folders; for the files in it write "dose/**"`}},
		{"glob ending in **/", "version: 1\nrules:\n  test_evidence:\n    test_paths: [\"tests/**/\"]\n",
			[]string{`f.yml:4:18: rules.test_evidence.test_paths[0]: "tests/**/" never matches: GitHub lists files, not folders; for the files in it write "tests/**"`}},
		{"glob with a double slash", "version: 1\nrules:\n  test_evidence:\n    source_paths: [\"src//**\"]\n",
			[]string{`f.yml:4:20: rules.test_evidence.source_paths[0]: "src//**" never matches: GitHub lists paths without empty, "." or ".." parts, write "src/**"`}},
		{"glob with a . part", "version: 1\nsystems:\n  - {name: dose, class: C, paths: [\"**/./dose/*\"]}\n",
			[]string{`f.yml:3:36: systems[0].paths[0]: "**/./dose/*" never matches: GitHub lists paths without empty, "." or ".." parts, write "**/dose/*"`}},
		{"glob with a .. part", "version: 1\nsystems:\n  - {name: ui, class: B, paths: [\"dose/../ui/**\"]}\n",
			[]string{`f.yml:3:34: systems[0].paths[0]: "dose/../ui/**" never matches: GitHub lists paths without empty, "." or ".." parts, write "ui/**"`}},
		{"manifest outside the repository", "version: 1\nrules:\n  soup: {manifests: [\"../go.mod\"]}\n",
			[]string{`f.yml:3:22: rules.soup.manifests[0]: "../go.mod" never matches: GitHub lists paths without empty, "." or ".." parts, write the path from the repository root`}},

		// Class-independent rule settings.
		{"rules is null", "version: 1\nrules:\n",
			[]string{"f.yml:2:7: rules: want a mapping of traceability, reviews, test_evidence, risk_impact, soup, policy_change, got nothing"}},
		{"bad regex", "version: 1\nrules:\n  traceability:\n    requirement_pattern: \"REQ-[0-9\"\n",
			[]string{"f.yml:4:26: rules.traceability.requirement_pattern: bad regular expression \"REQ-[0-9\": missing closing ]: `[0-9`"}},
		{"bad record pattern", "version: 1\nrules:\n  risk_impact: {record_pattern: \"RISK-(\"}\n",
			[]string{"f.yml:3:33: rules.risk_impact.record_pattern: bad regular expression \"RISK-(\": missing closing ): `RISK-(`"}},
		{"empty label", "version: 1\nrules:\n  traceability:\n    labels: {approved: \" \"}\n",
			[]string{"f.yml:4:24: rules.traceability.labels.approved: must not be empty"}},
		{"wrong type in list", "version: 1\nrules:\n  test_evidence:\n    required_checks: build\n",
			[]string{`f.yml:4:22: rules.test_evidence.required_checks: want a list of strings, got "build"`}},
		{"empty check name", "version: 1\nrules:\n  test_evidence:\n    required_checks: [build, \"\"]\n",
			[]string{`f.yml:4:30: rules.test_evidence.required_checks[1]: must not be empty`}},
		{"one risk label", "version: 1\nrules:\n  risk_impact:\n    labels: [risk]\n",
			[]string{"f.yml:4:13: rules.risk_impact.labels: list at least two labels, lowest impact (no impact) first"}},
		{"absolute SOUP list", "version: 1\nrules:\n  soup: {list: /docs/soup.md}\n",
			[]string{`f.yml:3:16: rules.soup.list: "/docs/soup.md" starts with /: paths are relative to the repository root, write "docs/soup.md"`}},
		{"SOUP list as a pattern", "version: 1\nrules:\n  soup: {list: \"docs/*.md\"}\n",
			[]string{`f.yml:3:16: rules.soup.list: "docs/*.md" is a pattern, but this must be the path of one file (e.g. docs/soup.md)`}},
		{"SOUP list as a brace pattern", "version: 1\nrules:\n  soup: {list: \"docs/{soup,deps}.md\"}\n",
			[]string{`f.yml:3:16: rules.soup.list: "docs/{soup,deps}.md" is a pattern, but this must be the path of one file (e.g. docs/soup.md)`}},
		{"SOUP list with ./", "version: 1\nrules:\n  soup: {list: ./docs/soup.md}\n",
			[]string{`f.yml:3:16: rules.soup.list: "./docs/soup.md" never matches: GitHub lists paths without a leading "./", write "docs/soup.md"`}},
		{"risk label twice", "version: 1\nrules:\n  risk_impact:\n    labels: [risk:none, risk:high, Risk:None]\n",
			[]string{`f.yml:4:36: rules.risk_impact.labels[2]: label "Risk:None" repeats rules.risk_impact.labels[0]; GitHub label names ignore case, keep one`}},
		{"the only two risk labels the same", "version: 1\nrules:\n  risk_impact: {labels: [risk:none, risk:none]}\n",
			[]string{`f.yml:3:37: rules.risk_impact.labels[1]: label "risk:none" repeats rules.risk_impact.labels[0]; GitHub label names ignore case, keep one`}},
		{"approved label is the change-request label", "version: 1\nrules:\n  traceability:\n    labels: {approved: Change-Request}\n",
			[]string{`f.yml:4:24: rules.traceability.labels: change_request and approved are both the label "Change-Request"; each kind of issue needs its own label`}},
		{"change requests labelled as requirements", "version: 1\nrules:\n  traceability:\n    labels: {requirement: cr, change_request: cr}\n",
			[]string{`f.yml:4:47: rules.traceability.labels: requirement and change_request are both the label "cr"; each kind of issue needs its own label`}},
		{"approved label is the requirement label", "version: 1\nrules:\n  traceability:\n    labels: {requirement: reqs, approved: REQS}\n",
			[]string{`f.yml:4:43: rules.traceability.labels: requirement and approved are both the label "REQS"; each kind of issue needs its own label`}},
		{"approved label is the problem-report label", "version: 1\nrules:\n  traceability:\n    labels: {approved: problem-report}\n",
			[]string{`f.yml:4:24: rules.traceability.labels: problem_report and approved are both the label "problem-report"; each kind of issue needs its own label`}},
		{"bad manifest glob", "version: 1\nrules:\n  soup: {manifests: [\"{go.mod\"]}\n",
			[]string{`f.yml:3:22: rules.soup.manifests[0]: bad glob "{go.mod": check its brackets and braces`}},

		// Overrides.
		{"override unknown class", "version: 1\noverrides:\n  D: {}\n",
			[]string{`f.yml:3:3: overrides: unknown key "D"; allowed keys: A, B, C`}},
		{"override lower-case class", "version: 1\noverrides:\n  c: {}\n",
			[]string{`f.yml:3:3: overrides: unknown key "c" (did you mean "C"?); allowed keys: A, B, C`}},
		{"override unknown rule", "version: 1\noverrides:\n  A:\n    audit: {}\n",
			[]string{`f.yml:4:5: overrides.A: unknown key "audit"; allowed keys: traceability, reviews, test_evidence, risk_impact, soup, policy_change`}},
		{"unknown override setting", "version: 1\noverrides:\n  A:\n    reviews:\n      aprovals: 2\n",
			[]string{`f.yml:5:7: overrides.A.reviews: unknown key "aprovals" (did you mean "approvals"?); allowed keys: enforcement, approvals, independent, require_current_head, require_teams, justification`}},
		{"class-independent key in an override", "version: 1\noverrides:\n  C:\n    reviews: {required_teams: [qa]}\n",
			[]string{`f.yml:4:15: overrides.C.reviews: "required_teams" belongs under rules.reviews or under rules.policy_change; or did you mean "require_teams"?`}},
		{"unknown key under rules.policy_change", "version: 1\nrules:\n  policy_change:\n    teams: [qa]\n",
			[]string{`f.yml:4:5: rules.policy_change: unknown key "teams"; allowed keys: required_teams`}},
		{"policy change teams not a list", "version: 1\nrules:\n  policy_change:\n    required_teams: qa\n",
			[]string{`f.yml:4:21: rules.policy_change.required_teams: want a list of strings, got "qa"`}},
		// Vocabulary that would empty a rule.
		{"test_paths claiming every file", "version: 1\nrules:\n  test_evidence:\n    test_paths: [\"**/*_test.go\", \"**\"]\n",
			[]string{`f.yml:4:34: rules.test_evidence.test_paths[1]: "**" claims ordinary files such as "main.go" as tests, so every change would be its own test evidence; name only test files (e.g. "**/*_test.go", "tests/**")`}},
		{"test_paths claiming every Go file", "version: 1\nrules:\n  test_evidence:\n    test_paths: [\"**/*.go\"]\n",
			[]string{`f.yml:4:18: rules.test_evidence.test_paths[0]: "**/*.go" claims ordinary files such as "main.go" as tests, so every change would be its own test evidence; name only test files (e.g. "**/*_test.go", "tests/**")`}},
		{"test_paths claiming a source folder", "version: 1\nrules:\n  test_evidence:\n    test_paths: [\"src/**\"]\n",
			[]string{`f.yml:4:18: rules.test_evidence.test_paths[0]: "src/**" claims ordinary files such as "src/pump.c" as tests, so every change would be its own test evidence; name only test files (e.g. "**/*_test.go", "tests/**")`}},
		{"requirement pattern matching nothing at all", "version: 1\nrules:\n  traceability:\n    requirement_pattern: \"(REQ-[0-9]+)?\"\n",
			[]string{`f.yml:4:26: rules.traceability.requirement_pattern: "(REQ-[0-9]+)?" matches the empty string, so every pull request would have one; match only IDs (e.g. "REQ-[0-9]+")`}},
		{"requirement pattern matching words", "version: 1\nrules:\n  traceability:\n    requirement_pattern: \"[a-z]+\"\n",
			[]string{`f.yml:4:26: rules.traceability.requirement_pattern: "[a-z]+" matches ordinary text ("ix" in "Fix typo in the README"), so almost any pull request would have one; match only IDs (e.g. "REQ-[0-9]+")`}},
		{"record pattern matching a number", "version: 1\nrules:\n  risk_impact:\n    record_pattern: \"[0-9]+\"\n",
			[]string{`f.yml:4:21: rules.risk_impact.record_pattern: "[0-9]+" matches ordinary text ("1" in "release 1.2.3 on 2026-11-26"), so almost any pull request would have one; match only IDs (e.g. "REQ-[0-9]+")`}},
		{"no SOUP manifests", "version: 1\nrules:\n  soup:\n    manifests: []\n",
			[]string{`f.yml:4:16: rules.soup.manifests: an empty list switches SOUP change control off (no change would touch a dependency manifest); list them, or leave the key out for the bundled default`}},
		{"no source paths", "version: 1\nrules:\n  test_evidence:\n    source_paths: []\n",
			[]string{`f.yml:4:19: rules.test_evidence.source_paths: an empty list means no change ever needs tests; list them, or leave the key out for the bundled default`}},

		// A key in the wrong block is sent where it belongs.
		{"rule setting in another rule", "version: 1\nrules:\n  reviews:\n    required_checks: [ci]\n",
			[]string{`f.yml:4:5: rules.reviews: "required_checks" belongs under rules.test_evidence`}},
		{"per-class setting under rules", "version: 1\nrules:\n  reviews:\n    approvals: 1\n",
			[]string{`f.yml:4:5: rules.reviews: "approvals" belongs under overrides.<class>.reviews`}},
		{"rule at the top level", "version: 1\nreviews:\n  required_teams: [qa]\n",
			[]string{`f.yml:2:1: policy: "reviews" belongs under rules or under overrides.<class>`}},
		{"class under rules", "version: 1\nrules:\n  C: {}\n",
			[]string{`f.yml:3:3: rules: "C" belongs under overrides`}},
		{"justification beside the overridden rules", "version: 1\noverrides:\n  C:\n    justification: why\n",
			[]string{`f.yml:4:5: overrides.C: "justification" belongs under default_class, under each entry of systems or under overrides.<class>.<rule>`}},
		{"negative approvals", "version: 1\noverrides:\n  A:\n    reviews:\n      approvals: -1\n",
			[]string{"f.yml:5:18: overrides.A.reviews.approvals: must be 0 or more, got -1"}},
		{"approvals not a number", "version: 1\noverrides:\n  C:\n    reviews: {approvals: two}\n",
			[]string{`f.yml:4:26: overrides.C.reviews.approvals: want a whole number, got "two"`}},
		{"bool as string", "version: 1\noverrides:\n  A:\n    reviews:\n      independent: \"yes\"\n",
			[]string{`f.yml:5:20: overrides.A.reviews.independent: want true or false, got "yes"`}},
		{"loosening without justification", "version: 1\noverrides:\n  C:\n    reviews:\n      approvals: 1\n",
			[]string{`f.yml:5:18: overrides.C.reviews.approvals: 1 is looser than the class C default 2: add "justification:" to overrides.C.reviews explaining why (it is reported on every class C pull request)`}},
		{"advisory without justification", "version: 1\noverrides:\n  B:\n    soup:\n      enforcement: advisory\n",
			[]string{`f.yml:5:20: overrides.B.soup.enforcement: advisory is looser than the class B default blocking: add "justification:" to overrides.B.soup explaining why (it is reported on every class B pull request)`}},
		{"true to false without justification", "version: 1\noverrides:\n  B:\n    reviews: {independent: false}\n",
			[]string{`f.yml:4:28: overrides.B.reviews.independent: false is looser than the class B default true: add "justification:" to overrides.B.reviews explaining why (it is reported on every class B pull request)`}},
		{"justification in another rule does not count", "version: 1\noverrides:\n  C:\n    reviews: {approvals: 1}\n    soup: {justification: \"covered by SOP-3 since 2026, RISK-4\"}\n",
			[]string{`f.yml:4:26: overrides.C.reviews.approvals: 1 is looser than the class C default 2: add "justification:" to overrides.C.reviews explaining why (it is reported on every class C pull request)`}},
		{"empty justification", "version: 1\noverrides:\n  C:\n    risk_impact: {require_record: false, justification: \"\"}\n",
			[]string{`f.yml:4:35: overrides.C.risk_impact.require_record: false is looser than the class C default true: add "justification:" to overrides.C.risk_impact explaining why (it is reported on every class C pull request)`,
				"f.yml:4:57: overrides.C.risk_impact.justification: must not be empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("Parse succeeded, want problems")
			}
			got := strings.Join(problems(t, err), "\n")
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestErrorJoinsProblems(t *testing.T) {
	err := &ValidationError{Problems: []Problem{{"a.yml", 1, 2, "one"}, {"a.yml", 3, 4, "two"}}}
	if got, want := err.Error(), "a.yml:1:2: one\na.yml:3:4: two"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
