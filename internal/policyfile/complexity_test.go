package policyfile

import (
	"fmt"
	"strings"
	"testing"
)

func TestAlternatives(t *testing.T) {
	tests := []struct {
		glob string
		want int
	}{
		{"dose/**", 1},
		{"**/*.{go,c,h}", 3},
		{"{a,b}/{c,d,e}", 6},
		{"{a,{b,c}}/x", 3},
		{`\{a,b\}`, 1},
		{"[{]a,b[}]", 1},
		{"{a,**/}", 2},
		{strings.Repeat("{a,**/}", 16), saturation},
		{"{a,b", 2}, // unbalanced: ValidatePattern reports it; counting must not panic
	}
	for _, tt := range tests {
		if got := alternatives(tt.glob); got != tt.want {
			t.Errorf("alternatives(%q) = %d, want %d", tt.glob, got, tt.want)
		}
	}
}

// hostileGlob is the 112-byte pattern that kept every worker busy for 100 s before the ceiling.
var hostileGlob = strings.Repeat("{a,**/}", 16)

func TestHostilePolicies(t *testing.T) {
	many := &strings.Builder{}
	many.WriteString("version: 1\nsystems:\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(many, "  - {name: s%d, class: A, paths: [\"{a,b,c,d}/{e,f,g,h}/{i,j}/**\"]}\n", i)
	}
	unknown := &strings.Builder{}
	unknown.WriteString("version: 1\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(unknown, "key%d: x\n", i)
	}
	tests := []struct {
		name string
		yaml string
		want []string // the first problem, then the last
	}{
		{"pathological glob", "version: 1\nsystems:\n  - {name: x, class: A, paths: [\"" + hostileGlob + "\"]}\n",
			[]string{`f.yml:3:33: systems[0].paths[0]: "{a,**/}{a,**/}{a,**/}{a,**/}{a,**/}{a,**/}{a,**/}{a,**/}{a,*…" stands for more than 32000 patterns through its {…} braces; at most 64 per pattern keep matching cheap: split it into several patterns or use fewer braces`}},
		{"too many alternatives in all", many.String(),
			[]string{`f.yml:18:35: systems[15].paths[0]: the policy's patterns stand for more than 500 patterns in all (counting each {…} alternative); use fewer, simpler patterns`}},
		{"too large", "version: 1\n" + strings.Repeat("# padding\n", MaxSize/10),
			[]string{"f.yml:1:1: the file is 257 KiB, more than the 256 KiB a policy may have: a policy is a page of settings, so shorten it"}},
		{"too many problems", unknown.String(),
			[]string{`f.yml:2:1: policy: unknown key "key0"; allowed keys: version, default_class, summary_comment, systems, rules, overrides, problem_reports`,
				"f.yml:52:1: 10 more problems from here on are not shown: fix these and validate again"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("valid, want problems")
			}
			got := problems(t, err)
			if got[0] != tt.want[0] || got[len(got)-1] != tt.want[len(tt.want)-1] {
				t.Errorf("problems:\n%s\nwant first and last:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// BenchmarkHostilePolicy measures validating the policy with the pathological glob: it is
// rejected by counting its braces, without matching anything.
func BenchmarkHostilePolicy(b *testing.B) {
	data := []byte("version: 1\nsystems:\n  - {name: x, class: A, paths: [\"" + hostileGlob + "\"]}\n")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse("f.yml", data); err == nil {
			b.Fatal("the hostile policy is valid")
		}
	}
}
