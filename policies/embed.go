// Package policies embeds the bundled per-class default policies (class-a.yml, class-b.yml,
// class-c.yml), the floor a repository configuration may only raise, or lower with a written
// justification; and the JSON Schema of the repository policy file, for editors.
package policies

import "embed"

// FS holds class-a.yml, class-b.yml and class-c.yml.
//
//go:embed *.yml
var FS embed.FS

// Schema is the JSON Schema (draft 2020-12) of .github/iec62304.yml: editors complete and
// check the file with it as it is typed. The policy file parser stays the authority.
//
//go:embed iec62304.schema.json
var Schema []byte

// SchemaName is the schema's file name, and the last part of every address it is served at.
const SchemaName = "iec62304.schema.json"
