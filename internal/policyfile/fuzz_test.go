package policyfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: no input makes Parse panic, and every rejection is a *ValidationError whose
// problems all have a position and a message. In CI:
// go test -run=^$ -fuzz=FuzzParse -fuzztime=40000x ./internal/policyfile
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob("testdata/*.yml")
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed files in testdata (%v)", err)
	}
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("version: 1\noverrides: {C: {reviews: {approvals: 0}}}"))
	f.Add([]byte("version: 1\n---\n[\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yml", data)
		if err == nil {
			if p.Config.Version != 1 || p.Config.DefaultClass.Rank() == 0 || len(p.Rules) != 3 {
				t.Fatalf("valid policy with version %d, default class %q, %d classes", p.Config.Version, p.Config.DefaultClass, len(p.Rules))
			}
			return
		}
		var invalid *ValidationError
		if !errors.As(err, &invalid) || len(invalid.Problems) == 0 {
			t.Fatalf("error %v is not a *ValidationError with problems", err)
		}
		for _, pr := range invalid.Problems {
			if pr.File != "fuzz.yml" || pr.Line < 1 || pr.Column < 1 || pr.Message == "" {
				t.Fatalf("problem without a file, position or message: %+v", pr)
			}
		}
	})
}
