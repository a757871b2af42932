package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
)

// BenchmarkCostliestAcceptedPolicy measures the worst the validator lets through: patterns
// that stand for as many patterns as a policy may have (7 systems of 64 alternatives, with
// "**" in each), against as many files as GitHub lists (3000), in deep folders.
func BenchmarkCostliestAcceptedPolicy(b *testing.B) {
	var cfg strings.Builder
	cfg.WriteString("version: 1\nsystems:\n")
	for i := 0; i < 7; i++ {
		fmt.Fprintf(&cfg, "  - {name: s%d, class: A, paths: [\"**/{a,b,c,d}/{e,f,g,h}/{i,**/}{j,k}/x%d.go\"]}\n", i, i)
	}
	p, err := policyfile.Parse("costly.yml", []byte(cfg.String()))
	if err != nil {
		b.Fatal(err)
	}
	pr := newPR()
	deep := strings.Repeat("a/e/", 10)
	for i := 0; i < 3000; i++ {
		pr.s.Files = append(pr.s.Files, &github.CommitFile{Filename: github.String(fmt.Sprintf("%s%d/f%d.go", deep, i%7, i)), Status: github.String("modified")})
	}
	pr.s.Pull.ChangedFiles = github.Int(3000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := policy.Evaluate(p, pr.s); r.Class != policy.ClassC {
			b.Fatalf("class %s", r.Class)
		}
	}
}
