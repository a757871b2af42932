package policyfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/policies"
)

// The JSON Schema that editors check .github/iec62304.yml with (policies/iec62304.schema.json)
// must never refuse a file the parser accepts, must refuse what the parser refuses for a
// structural reason, and must offer exactly the keys the parser takes. These tests hold it to
// the parser's own key lists and setting decoders, so a key added to one and not the other fails.

// schemaDoc is the schema as generic JSON, for the tests that read its structure.
func schemaDoc(t testing.TB) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(policies.Schema, &doc); err != nil {
		t.Fatalf("policies/%s is not JSON: %v", policies.SchemaName, err)
	}
	return doc
}

// compiledSchema compiles the schema, or its subschema at the JSON pointer fragment ("" for
// the whole file).
func compiledSchema(t testing.TB, fragment string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(policies.Schema))
	if err != nil {
		t.Fatal(err)
	}
	id := schemaDoc(t)["$id"].(string)
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(id + "#" + fragment)
	if err != nil {
		t.Fatalf("compile policies/%s#%s: %v", policies.SchemaName, fragment, err)
	}
	return s
}

// yamlInstance decodes YAML to the JSON values an editor validates: scalars typed as YAML 1.2's
// core schema resolves them, as the parser sees them.
func yamlInstance(t testing.TB, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return jsonValue(&doc)
}

func jsonValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return jsonValue(n.Content[0])
	case yaml.AliasNode:
		return jsonValue(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = jsonValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, el := range n.Content {
			l = append(l, jsonValue(el))
		}
		return l
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return i
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}

// acceptedFile is a policy file the parser accepts, and the subschema its kind has.
type acceptedFile struct {
	name, fragment string
	data           []byte
}

// acceptedFiles gathers every policy the repository ships that the parser accepts: the bundled
// class files (as the overrides.<class> block they have the shape of), the snapshots' policies
// and proposals, this package's own, and the examples in docs/policies.md.
func acceptedFiles(t testing.TB) []acceptedFile {
	t.Helper()
	var out []acceptedFile
	for _, c := range policy.Classes {
		name := "class-" + strings.ToLower(string(c)) + ".yml"
		data, err := policies.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parseClassFile(name, data); err != nil {
			t.Fatal(err)
		}
		out = append(out, acceptedFile{"policies/" + name, "/$defs/classRules", data})
	}
	var names []string
	for _, pattern := range []string{"../../testdata/snapshots/*/config.yml", "../../testdata/snapshots/*/proposed-config.yml", "testdata/*.yml"} {
		m, _ := filepath.Glob(pattern)
		names = append(names, m...)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = appendAccepted(out, name, data)
	}
	doc, err := os.ReadFile("../../docs/policies.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range strings.Split(string(doc), "```yaml\n")[1:] {
		out = appendAccepted(out, "docs/policies.md example "+string(rune('1'+i)), []byte(strings.SplitN(b, "```", 2)[0]))
	}
	return out
}

func appendAccepted(out []acceptedFile, name string, data []byte) []acceptedFile {
	if _, err := Parse(name, data); err != nil {
		return out
	}
	return append(out, acceptedFile{name: name, data: data})
}

func TestSchemaAcceptsEveryPolicyTheParserAccepts(t *testing.T) {
	files := acceptedFiles(t)
	// 3 class files, the snapshots' policies and at least the 6 documented examples: a glob that
	// finds nothing must not pass for a check.
	if len(files) < 20 {
		t.Fatalf("found %d accepted policies to check, want at least 20", len(files))
	}
	// The parser reads any non-empty scalar as text, so the schema must too: YAML makes these a
	// number, a boolean and a date.
	for name, file := range map[string]string{
		"a number as a system name": "version: 1\nsystems:\n  - {name: 2024, class: C, paths: [\"**\"]}\n",
		"true as a label":           "version: 1\nrules:\n  traceability:\n    labels: {approved: true}\n",
		"a date as a check name":    "version: 1\nrules:\n  test_evidence:\n    required_checks: [2026-01-01]\n",
	} {
		if _, err := Parse(name, []byte(file)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		files = append(files, acceptedFile{name: name, data: []byte(file)})
	}
	schemas := map[string]*jsonschema.Schema{}
	for _, f := range files {
		if schemas[f.fragment] == nil {
			schemas[f.fragment] = compiledSchema(t, f.fragment)
		}
		if err := schemas[f.fragment].Validate(yamlInstance(t, f.data)); err != nil {
			t.Errorf("%s: the parser accepts it, the schema refuses it:\n%v", f.name, err)
		}
	}
}

// FuzzSchemaAcceptsWhatTheParserAccepts: no policy the parser accepts is refused by the
// schema, for policies nobody wrote by hand. Seeds only in CI; to search:
// go test -run=^$ -fuzz=FuzzSchemaAcceptsWhatTheParserAccepts -fuzztime=60s ./internal/policyfile
func FuzzSchemaAcceptsWhatTheParserAccepts(f *testing.F) {
	for _, a := range acceptedFiles(f) {
		if a.fragment == "" {
			f.Add(a.data)
		}
	}
	schema := compiledSchema(f, "")
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Parse("fuzz.yml", data); err != nil {
			return
		}
		if err := schema.Validate(yamlInstance(t, data)); err != nil {
			t.Fatalf("the parser accepts it, the schema refuses it:\n%v", err)
		}
	})
}

// Files the parser refuses for a reason of shape (a key, a type, a choice, a count), which an
// editor can show as the file is typed.
func TestSchemaRefusesWhatTheParserRefusesByShape(t *testing.T) {
	for _, tc := range []struct{ name, file, problem string }{
		{"no version", "default_class: C\n", "version is missing"},
		{"version as text", "version: \"1\"\n", "want a whole number"},
		{"version 2", "version: 2\n", "unknown version 2"},
		{"unknown top key", "version: 1\ncolour: red\n", `unknown key "colour"`},
		{"key of another block", "version: 1\ntest_paths: [t/**]\n", "belongs under rules.test_evidence"},
		{"class in lower case", "version: 1\ndefault_class: c\n", `unknown safety class "c"`},
		{"default_class without class", "version: 1\ndefault_class: {justification: QA board 2026-03-02 decided so; RISK-12}\n", "class is missing"},
		{"summary_comment choice", "version: 1\nsummary_comment: sometimes\n", `unknown value "sometimes"`},
		{"systems as a mapping", "version: 1\nsystems:\n  name: dose\n", "want a list of systems"},
		{"system without paths", "version: 1\nsystems:\n  - {name: dose, class: C}\n", "paths is missing"},
		{"system with no path", "version: 1\nsystems:\n  - {name: dose, class: C, paths: []}\n", "at least one path glob"},
		{"system key typo", "version: 1\nsystems:\n  - {name: dose, class: C, pathz: [dose/**]}\n", `unknown key "pathz"`},
		{"path from the root", "version: 1\nsystems:\n  - {name: dose, class: C, paths: [/dose/**]}\n", "starts with /"},
		{"a folder, not files", "version: 1\nsystems:\n  - {name: dose, class: C, paths: [dose/]}\n", "GitHub lists files, not folders"},
		{"empty name", "version: 1\nsystems:\n  - {name: \"\", class: C, paths: [dose/**]}\n", "must not be empty"},
		{"null in a list", "version: 1\nrules:\n  test_evidence:\n    required_checks: [build, ~]\n", "want a string, got nothing"},
		{"search_in place", "version: 1\nrules:\n  traceability:\n    search_in: [title, labels]\n", `unknown place "labels"`},
		{"search_in as text", "version: 1\nrules:\n  traceability:\n    search_in: title\n", "want a list of places"},
		{"labels as a list", "version: 1\nrules:\n  traceability:\n    labels: [requirement]\n", "want a mapping"},
		{"catalogue with no source", "version: 1\nrules:\n  traceability:\n    catalogue: {format: markdown}\n", "name where requirements are defined"},
		{"catalogue with both sources", "version: 1\nrules:\n  traceability:\n    catalogue: {issues: {}, files: [docs/*.md]}\n", "not both"},
		{"catalogue issues with a format", "version: 1\nrules:\n  traceability:\n    catalogue: {issues: {label: req}, format: doorstop}\n", "applies to files only"},
		{"catalogue format", "version: 1\nrules:\n  traceability:\n    catalogue: {files: [docs/*.md], format: word}\n", `unknown value "word"`},
		{"catalogue of 11 patterns", "version: 1\nrules:\n  traceability:\n    catalogue: {files: [a/1, a/2, a/3, a/4, a/5, a/6, a/7, a/8, a/9, a/10, a/11]}\n", "at most 10 patterns"},
		{"one risk label", "version: 1\nrules:\n  risk_impact:\n    labels: [risk:none]\n", "at least two labels"},
		{"no manifests", "version: 1\nrules:\n  soup:\n    manifests: []\n", "switches SOUP change control off"},
		{"no source paths", "version: 1\nrules:\n  test_evidence:\n    source_paths: []\n", "means no change ever needs tests"},
		{"SOUP list as a glob", "version: 1\nrules:\n  soup:\n    list: docs/*.md\n", "is a pattern"},
		{"unknown rule", "version: 1\nrules:\n  audit: {}\n", `unknown key "audit"`},
		{"policy_change option typo", "version: 1\nrules:\n  policy_change:\n    teams: [qa]\n", `unknown key "teams"`},
		{"class D", "version: 1\noverrides:\n  D: {}\n", `unknown key "D"`},
		{"per-class setting under rules", "version: 1\nrules:\n  reviews:\n    approvals: 3\n", "belongs under overrides.<class>.reviews"},
		{"enforcement choice", "version: 1\noverrides:\n  A:\n    soup: {enforcement: off}\n", `unknown value "off"`},
		{"evidence choice", "version: 1\noverrides:\n  C:\n    test_evidence: {evidence: tests}\n", `unknown value "tests"`},
		{"approvals as a fraction", "version: 1\noverrides:\n  C:\n    reviews: {approvals: 2.5}\n", "want a whole number"},
		{"negative approvals", "version: 1\noverrides:\n  C:\n    reviews: {approvals: -1}\n", "must be 0 or more"},
		{"independent as a number", "version: 1\noverrides:\n  C:\n    reviews: {independent: 1}\n", "want true or false"},
		{"short justification", "version: 1\noverrides:\n  C:\n    reviews: {approvals: 1, justification: TBD}\n", "is not a justification"},
		{"trigger as text", "version: 1\nproblem_reports:\n  triggers: {merge: \"no\"}\n", "want true or false"},
		{"stage key typo", "version: 1\nproblem_reports:\n  labels: {triage: problem:new}\n", `unknown key "triage"`},
		{"permission choice", "version: 1\nproblem_reports:\n  command_permission: owner\n", `unknown permission "owner"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.yml", []byte(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.problem) {
				t.Fatalf("the parser says %v, want a problem with %q", err, tc.problem)
			}
			if err := compiledSchema(t, "").Validate(yamlInstance(t, []byte(tc.file))); err == nil {
				t.Errorf("the parser refuses it (%s), the schema accepts it", tc.problem)
			}
		})
	}
}

// Every block of the file offers in the schema exactly the keys the parser takes there, and
// no other (additionalProperties: false), so editors complete what the parser accepts; and
// the schema has no object for a block the parser does not have.
func TestSchemaKeysAreTheParsersKeys(t *testing.T) {
	root := schemaDoc(t)
	blocks := map[string]bool{}
	for _, b := range keyBlocks() {
		for _, path := range placePaths(b.where) {
			objects := objectsAt(root, root, path)
			if len(objects) != 1 {
				t.Errorf("%s: the schema has %d objects at %v, want 1", b.where, len(objects), path)
				continue
			}
			blocks[fmt.Sprintf("%p", objects[0])] = true
			props, _ := objects[0]["properties"].(map[string]any)
			got := slices.Sorted(maps.Keys(props))
			want := slices.Sorted(slices.Values(b.keys))
			if !slices.Equal(got, want) {
				t.Errorf("%s (%v): the schema has the keys %v, the parser takes %v", b.where, path, got, want)
			}
			if objects[0]["additionalProperties"] != false {
				t.Errorf("%s: the schema lets other keys through; want additionalProperties: false", b.where)
			}
		}
	}
	eachObject(root, "#", func(at string, object map[string]any) {
		if !blocks[fmt.Sprintf("%p", object)] {
			t.Errorf("the schema's object at %s is no block of the parser", at)
		}
	})
}

// eachObject calls fn for every schema under node that lists properties, with its JSON pointer.
func eachObject(node any, at string, fn func(at string, object map[string]any)) {
	switch n := node.(type) {
	case map[string]any:
		if _, ok := n["properties"].(map[string]any); ok {
			fn(at, n)
		}
		for k, v := range n {
			eachObject(v, at+"/"+k, fn)
		}
	case []any:
		for i, v := range n {
			eachObject(v, fmt.Sprintf("%s/%d", at, i), fn)
		}
	}
}

// placePaths turns a key block's place ("under overrides.<class>.reviews") into the key paths
// it stands for, "[]" meaning each entry of a list.
func placePaths(where string) [][]string {
	switch where {
	case "at the top level":
		return [][]string{nil}
	case "under each entry of systems":
		return [][]string{{"systems", "[]"}}
	}
	parts := strings.Split(strings.TrimPrefix(where, "under "), ".")
	i := slices.Index(parts, "<class>")
	if i < 0 {
		return [][]string{parts}
	}
	var out [][]string
	for _, c := range classNames {
		out = append(out, slices.Concat(parts[:i], []string{c}, parts[i+1:]))
	}
	return out
}

// objectsAt follows path from node through properties, items, $ref and anyOf/oneOf, and
// returns the object schemas (those with properties) it ends at.
func objectsAt(root, node map[string]any, path []string) []map[string]any {
	var out []map[string]any
	for _, n := range schemaBranches(root, node) {
		if len(path) == 0 {
			if _, ok := n["properties"]; ok {
				out = append(out, n)
			}
			continue
		}
		var next any
		if path[0] == "[]" {
			next = n["items"]
		} else if props, ok := n["properties"].(map[string]any); ok {
			next = props[path[0]]
		}
		if m, ok := next.(map[string]any); ok {
			out = append(out, objectsAt(root, m, path[1:])...)
		}
	}
	return out
}

// schemaBranches is node, what its $ref names, and its anyOf and oneOf branches, each resolved.
func schemaBranches(root, node map[string]any) []map[string]any {
	out := []map[string]any{node}
	if ref, ok := node["$ref"].(string); ok {
		out = append(out, schemaBranches(root, lookup(root, ref))...)
	}
	for _, k := range []string{"anyOf", "oneOf"} {
		branches, _ := node[k].([]any)
		for _, b := range branches {
			if m, ok := b.(map[string]any); ok {
				out = append(out, schemaBranches(root, m)...)
			}
		}
	}
	return out
}

// lookup resolves a local reference ("#/$defs/class"); nil when it names nothing.
func lookup(root map[string]any, ref string) map[string]any {
	node := root
	for _, tok := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		node, _ = node[tok].(map[string]any)
	}
	return node
}

// decodeProbe is a setting's value that records what the rule's decoder asks of it.
type decodeProbe struct {
	kind    string
	choices []string
}

func (p *decodeProbe) Bool() (bool, bool)        { p.kind = "boolean"; return false, false }
func (p *decodeProbe) Int() (int, bool)          { p.kind = "integer"; return 0, false }
func (p *decodeProbe) Strings() ([]string, bool) { p.kind = "array"; return nil, false }
func (p *decodeProbe) Errorf(string, ...any)     {}
func (p *decodeProbe) OneOf(choices ...string) (string, bool) {
	p.kind, p.choices = "enum", choices
	return "", false
}

// Each rule setting has the type its descriptor decodes, and a choice offers the descriptor's
// choices; so does every choice the parser itself makes.
func TestSchemaTypesAreTheParsersTypes(t *testing.T) {
	root := schemaDoc(t)
	for _, r := range policy.Rules() {
		for _, s := range r.Settings {
			p := &decodeProbe{}
			s.Decode(p, policy.ClassRules{})
			checkType(t, root, "#/$defs/classRules/properties/"+r.Key+"/properties/"+s.Key, p)
		}
		for _, o := range r.Options {
			p := &decodeProbe{}
			o.Decode(p, &policy.Config{})
			checkType(t, root, "#/properties/rules/properties/"+r.Key+"/properties/"+o.Key, p)
		}
	}
	for ref, choices := range map[string][]string{
		"#/$defs/class":                classNames,
		"#/properties/summary_comment": {string(policy.CommentAlways), string(policy.CommentOnFailure), string(policy.CommentNever)},
		"#/properties/rules/properties/traceability/properties/search_in/items":             searchPlaces,
		"#/properties/rules/properties/traceability/properties/catalogue/properties/format": formatNames(),
		"#/properties/problem_reports/properties/command_permission":                        Permissions,
	} {
		checkType(t, root, ref, &decodeProbe{kind: "enum", choices: choices})
	}
}

func checkType(t *testing.T, root map[string]any, ref string, want *decodeProbe) {
	t.Helper()
	node := lookup(root, ref)
	if node == nil {
		t.Errorf("the schema has nothing at %s", ref)
		return
	}
	var types, enum []string
	for _, n := range schemaBranches(root, node) {
		if typ, ok := n["type"].(string); ok {
			types = append(types, typ)
		}
		if e, ok := n["enum"].([]any); ok {
			for _, v := range e {
				enum = append(enum, v.(string))
			}
		}
	}
	switch want.kind {
	case "enum":
		if got, wantChoices := slices.Sorted(slices.Values(enum)), slices.Sorted(slices.Values(want.choices)); !slices.Equal(got, wantChoices) {
			t.Errorf("%s: the schema offers %v, the parser takes %v", ref, got, wantChoices)
		}
	default:
		if !slices.Contains(types, want.kind) {
			t.Errorf("%s: the schema's types are %v, the parser decodes %s", ref, types, want.kind)
		}
	}
}
