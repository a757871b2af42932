package githubfake

import (
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/google/go-github/v62/github"
)

// GitHub's length limits on what the app writes, in characters.
const (
	// MaxCheckRunText bounds a check run's output title, summary and text.
	MaxCheckRunText = 65535
	// MaxCommentBody bounds an issue or pull request comment.
	MaxCommentBody = 65536
)

// outputTooLong answers 422 as GitHub does when a check run's output exceeds its limit, and
// reports whether it did.
func outputTooLong(w http.ResponseWriter, o *github.CheckRunOutput, docs string) bool {
	if o == nil {
		return false
	}
	for _, field := range []*string{o.Title, o.Summary, o.Text} {
		if n := utf8.RuneCountInString(deref(field)); n > MaxCheckRunText {
			writeError(w, http.StatusUnprocessableEntity,
				fmt.Sprintf("Invalid request.\n\nOnly %d characters are allowed; %d were supplied.", MaxCheckRunText, n), docs)
			return true
		}
	}
	return false
}

// bodyTooLong answers 422 as GitHub does for a comment body over its limit.
func bodyTooLong(w http.ResponseWriter, body, docs string) bool {
	if utf8.RuneCountInString(body) <= MaxCommentBody {
		return false
	}
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"message": "Validation Failed", "documentation_url": docs,
		"errors": []map[string]string{{"resource": "IssueComment", "code": "custom", "field": "body",
			"message": fmt.Sprintf("body is too long (maximum is %d characters)", MaxCommentBody)}},
	})
	return true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
