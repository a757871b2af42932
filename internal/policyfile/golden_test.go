package policyfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
			golden := strings.TrimSuffix(file, ".yml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
