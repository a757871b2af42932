package refs

import (
	"reflect"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

func TestLinkedIssues(t *testing.T) {
	commit := func(msg string) *github.RepositoryCommit {
		return &github.RepositoryCommit{Commit: &github.Commit{Message: github.String(msg)}}
	}
	ref := func(n int) snapshot.IssueRef { return snapshot.IssueRef{Owner: "acme", Repo: "pump", Number: n} }
	tests := []struct {
		name    string
		body    string
		commits []*github.RepositoryCommit
		want    []snapshot.IssueRef
	}{
		{"none", "Refactor", []*github.RepositoryCommit{commit("tidy")}, nil},
		{"description only", "Fixes #3", nil, []snapshot.IssueRef{ref(3)}},
		{"commit message only", "", []*github.RepositoryCommit{commit("Dose rounding\n\nCloses #52")}, []snapshot.IssueRef{ref(52)}},
		{"description first, each once", "Fixes #3", []*github.RepositoryCommit{commit("fixes #52"), commit("Fixes #3")}, []snapshot.IssueRef{ref(3), ref(52)}},
		{"each once in any case, as first spelled", "Fixes Other/FW#7", []*github.RepositoryCommit{commit("fixes other/fw#7\n\nCloses ACME/Pump#3")},
			[]snapshot.IssueRef{{Owner: "Other", Repo: "FW", Number: 7}, ref(3)}},
		{"a commit's template comment links nothing", "", []*github.RepositoryCommit{commit("Dose rounding\n\n<!-- Fixes #123 -->")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LinkedIssues(&github.PullRequest{Body: github.String(tt.body)}, tt.commits, "acme", "pump")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LinkedIssues = %v, want %v", got, tt.want)
			}
		})
	}
}
