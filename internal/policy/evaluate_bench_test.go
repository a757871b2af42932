package policy_test

import (
	"fmt"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// BenchmarkEvaluate measures the pure engine on a large class C pull request: 500 files across
// three systems, 50 commits, 20 reviews and 30 check runs.
func BenchmarkEvaluate(b *testing.B) {
	pr := newPR(doseFile, doseTest, uiFile, docFile)
	for i := 0; i < 500; i++ {
		pr.s.Files = append(pr.s.Files, &github.CommitFile{Filename: github.String(fmt.Sprintf("%s/f%03d.go", []string{"dose", "ui", "docs", "tools"}[i%4], i))})
	}
	for i := 0; i < 50; i++ {
		pr.s.Commits = append(pr.s.Commits, commit(fmt.Sprintf("%040d", i), "alice", "Step\n\nCo-authored-by: Dan <dan@acme.example>"))
	}
	for i := 0; i < 20; i++ {
		pr.review(fmt.Sprintf("reviewer%d", i), "APPROVED", headSHA)
	}
	for i := 0; i < 30; i++ {
		pr.s.CheckRuns = append(pr.s.CheckRuns, checkRun(fmt.Sprintf("check-%d", i), "completed", "success", int64(i+2)))
	}
	p := testPolicy("")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := policy.Evaluate(p, pr.s); r.Class != policy.ClassC {
			b.Fatalf("class %s", r.Class)
		}
	}
}
