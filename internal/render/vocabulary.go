package render

import (
	"fmt"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// vocabulary lists the policy's words that differ from the bundled defaults (what a test
// file, a requirement ID, a manifest is): they decide what every rule sees, so a reviewer
// checks them as they would a deviation.
func vocabulary(r *policy.Result) string {
	if len(r.Vocabulary) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("**Policy words that differ from the bundled defaults** (set in " + code(r.PolicySource) + "; they decide what every rule counts)\n\n")
	b.WriteString("| Setting | Default | Configured |\n|---|---|---|\n")
	for _, v := range r.Vocabulary {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", codeInCell(v.Setting), codeInCell(v.Default), codeInCell(v.Configured))
	}
	return b.String() + "\n"
}
