package policyfile

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/golden"
)

// TestGoldenProblems renders whole invalid files' problem lists as `validate` prints them.
// Regenerate with: go test ./internal/policyfile -run TestGoldenProblems -update
func TestGoldenProblems(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid-*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/invalid-*.yml files (%v)", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			_, err := LoadFile(file)
			if err == nil {
				t.Fatal("valid, want problems")
			}
			got := strings.Join(problems(t, err), "\n") + "\n"
			golden.Check(t, strings.TrimSuffix(file, ".yml")+".golden", []byte(got))
		})
	}
}
