// Package policies embeds the bundled per-class default policies (class-a.yml, class-b.yml,
// class-c.yml). They are the floor a repository configuration may only raise, or lower with a
// written justification.
package policies

import "embed"

// FS holds class-a.yml, class-b.yml and class-c.yml.
//
//go:embed *.yml
var FS embed.FS
