// Package policyfile reads and strictly validates .github/iec62304.yml and the bundled per-class
// policies, and merges them into a policy.Policy. Every problem names the file, line and
// column, and says how to fix it; nothing is ever silently defaulted.
package policyfile

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a policy file.
type Problem struct {
	File    string
	Line    int
	Column  int
	Message string
}

// String renders the problem as FILE:LINE:COL: message, the form editors and CI annotate.
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message)
}

// ValidationError lists every problem found in a policy file, in file order.
type ValidationError struct {
	Problems []Problem
}

// Error renders the problems one per line.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
