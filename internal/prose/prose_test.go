package prose

import "testing"

func TestJoin(t *testing.T) {
	tests := []struct {
		items    []string
		and, or_ string
	}{
		{nil, "", ""},
		{[]string{"a"}, "a", "a"},
		{[]string{"a", "b"}, "a and b", "a or b"},
		{[]string{"a", "b", "c"}, "a, b and c", "a, b or c"},
	}
	for _, tt := range tests {
		if got := JoinAnd(tt.items); got != tt.and {
			t.Errorf("JoinAnd(%q) = %q, want %q", tt.items, got, tt.and)
		}
		if got := JoinOr(tt.items); got != tt.or_ {
			t.Errorf("JoinOr(%q) = %q, want %q", tt.items, got, tt.or_)
		}
	}
	if got := LowerFirst("Or add"); got != "or add" {
		t.Errorf("LowerFirst = %q", got)
	}
	if got := Quoted([]string{"a"}); got[0] != "`a`" {
		t.Errorf("Quoted = %q", got)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "abc", 0}, {"blockng", "blocking", 1}, {"build", "biuld", 2}, {"", "ab", 2}} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
