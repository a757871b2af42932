package release

import (
	"fmt"
	"regexp"
)

// Limits bound the work of one release record, so a range too large gets a clear answer
// instead of a timeout. Zero means no bound (the report command runs as long as it takes).
type Limits struct {
	// MaxCommits bounds the commits between the refs: each page of the compare is a call,
	// and each rebase-merged commit one more.
	MaxCommits int
	// MaxFresh bounds the merged pull requests without a recorded evaluation, each of which
	// costs about ten calls to evaluate now.
	MaxFresh int
}

// PageLimits bound a release record served as a page: it must be ready before the server's
// write timeout. Larger ranges are for `iec62304-bot report`.
var PageLimits = Limits{MaxCommits: 1000, MaxFresh: 25}

// TooLargeError says which bound a range exceeded.
type TooLargeError struct {
	What       string
	Count, Max int
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the range holds %d %s, more than the %d one record may read here; choose a shorter range or run `iec62304-bot report`", e.Count, e.What, e.Max)
}

func (l Limits) check(what string, count, bound int) error {
	if bound > 0 && count > bound {
		return &TooLargeError{What: what, Count: count, Max: bound}
	}
	return nil
}

// refPattern is what a ref given by a person may look like: a tag, branch or commit name of
// printable characters git allows, without "..", and short enough to be one.
var (
	refPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}$`)
	refBadPart = regexp.MustCompile(`\.\.|//|\.lock$|/$|\.$`)
)

// CheckRef says why ref cannot be a tag, branch or commit, or nil.
func CheckRef(ref string) error {
	if !refPattern.MatchString(ref) || refBadPart.MatchString(ref) {
		return fmt.Errorf("%q is not a tag, branch or commit name (letters, digits and . _ / + -, at most 200)", ref)
	}
	return nil
}
