package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
)

// mainFS holds the files of the sample repository's default branch besides the policy: the
// requirement catalogue and the SOUP list.
//
//go:embed mainbranch
var mainFS embed.FS

// The previous release: main as the story starts.
const (
	releaseTag    = "v2.3.0"
	releaseCommit = "2a3000000000000000000000000000000000d3a0"
)

// mainBranch is the sample repository's default branch on the fake GitHub: its files, and the
// commits merges put on it, which the release record reads.
type mainBranch struct {
	gh    *githubfake.Server
	files map[string][]byte
	head  string
}

// newMainBranch puts the files on main with policy as its policy file, and tags the commit
// it stands at as the previous release.
func newMainBranch(gh *githubfake.Server, policy []byte) (*mainBranch, error) {
	m := &mainBranch{gh: gh, files: map[string][]byte{policyfile.DefaultPath: policy}}
	err := fs.WalkDir(mainFS, "mainbranch", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content, err := fs.ReadFile(mainFS, path)
		m.files[strings.TrimPrefix(path, "mainbranch/")] = content
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the files of main: %w", err)
	}
	for path, content := range m.files {
		gh.SetFile(owner, repo, "main", path, content)
	}
	m.push(releaseCommit, "Release 2.3.0", time.Now().Add(-time.Hour))
	gh.Tag(owner, repo, releaseTag, releaseCommit)
	return m, nil
}

// merge merges a pull request as login does on GitHub: it closes, and its (squashed) merge
// commit lands on main.
func (m *mainBranch) merge(number int, login string) {
	sha := m.gh.MergePull(owner, repo, number, login)
	m.push(sha, fmt.Sprintf("Merge pull request #%d", number), time.Now())
}

// push adds a commit to main, whose files are main's: the release record reads the policy,
// the catalogue and the SOUP list at the range's ends.
func (m *mainBranch) push(sha, message string, at time.Time) {
	who := &github.CommitAuthor{Name: github.String("GitHub"), Email: github.String("noreply@github.com"), Date: &github.Timestamp{Time: at.UTC()}}
	c := &github.RepositoryCommit{SHA: github.String(sha), Commit: &github.Commit{Message: github.String(message), Author: who, Committer: who}}
	if m.head != "" {
		c.Parents = []*github.Commit{{SHA: github.String(m.head)}}
	}
	m.gh.PushCommits(owner, repo, "main", c)
	for path, content := range m.files {
		m.gh.SetFile(owner, repo, sha, path, content)
	}
	m.head = sha
}
