package policyfile

import (
	"errors"
	"testing"
)

// problems returns err's problems as FILE:LINE:COL lines, failing unless err is a
// *ValidationError.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var invalid *ValidationError
	if !errors.As(err, &invalid) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	out := make([]string, len(invalid.Problems))
	for i, p := range invalid.Problems {
		out[i] = p.String()
	}
	return out
}
