package policyfile

import (
	"fmt"
	"strconv"

	yaml "go.yaml.in/yaml/v4"
)

// Brace alternatives multiply the work of matching a pattern against every changed file
// ("{a,**/}" sixteen times is 65536 patterns, which kept every worker busy for minutes), so
// each pattern and the policy as a whole get a ceiling far above what a real policy needs
// (the bundled source_paths has 22).
const (
	maxAlternatives      = 64
	maxTotalAlternatives = 500
)

// checkComplexity rejects a pattern whose brace alternatives exceed the ceilings; ok is false
// when it did.
func (d *decoder) checkComplexity(n *yaml.Node, what, g string) bool {
	alts := alternatives(g)
	if alts > maxAlternatives {
		d.errorf(n, "%s: %q stands for %s patterns through its {…} braces; at most %d per pattern keep matching cheap: split it into several patterns or use fewer braces",
			what, shorten(g), countOrMore(alts), maxAlternatives)
		return false
	}
	d.alternatives += alts
	if d.alternatives > maxTotalAlternatives && !d.tooManyAlternatives {
		d.tooManyAlternatives = true
		d.errorf(n, "%s: the policy's patterns stand for more than %d patterns in all (counting each {…} alternative); use fewer, simpler patterns",
			what, maxTotalAlternatives)
		return false
	}
	return true
}

// alternatives counts the patterns a glob stands for once its braces are expanded, saturating
// above maxAlternatives*maxAlternatives. Escaped characters and character classes hold no braces.
func alternatives(g string) int {
	n, _ := sequence(g, 0, false)
	return n
}

// saturation keeps the products from overflowing.
const saturation = maxTotalAlternatives * maxAlternatives

// sequence counts the alternatives of g from i up to the end of the enclosing group (a ',' or
// '}' when nested), returning the count and where it stopped.
func sequence(g string, i int, nested bool) (int, int) {
	count := 1
	for i < len(g) {
		switch g[i] {
		case '\\':
			i += 2
		case '[':
			i = classEnd(g, i)
		case '{':
			n, end := group(g, i+1)
			count = min(count*n, saturation)
			i = end
		case ',', '}':
			if nested {
				return count, i
			}
			i++
		default:
			i++
		}
	}
	return count, i
}

// group counts the alternatives of a brace group whose content starts at i, returning the
// position after its closing brace.
func group(g string, i int) (int, int) {
	total := 0
	for {
		n, end := sequence(g, i, true)
		total = min(total+n, saturation)
		if end >= len(g) {
			return total, end
		}
		if g[end] == '}' {
			return total, end + 1
		}
		i = end + 1 // past ','
	}
}

// classEnd returns the position after the character class starting at i.
func classEnd(g string, i int) int {
	j := i + 1
	if j < len(g) && (g[j] == '!' || g[j] == '^') {
		j++
	}
	if j < len(g) && g[j] == ']' {
		j++
	}
	for j < len(g) && g[j] != ']' {
		if g[j] == '\\' {
			j++
		}
		j++
	}
	return j + 1
}

// countOrMore renders a saturated count as "more than N".
func countOrMore(n int) string {
	if n >= saturation {
		return fmt.Sprintf("more than %d", saturation)
	}
	return strconv.Itoa(n)
}
