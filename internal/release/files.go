package release

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// listedFilesCap is how many files GitHub lists of one pull request or one commit.
const listedFilesCap = 3000

// completeFiles lists every file the range changed when GitHub's compare stopped at its 300:
// each merged pull request's files from the evaluation that judged it (which listed them
// all, at no call), else from GitHub; each direct push's from its commit. FilesComplete stays
// false only if a pull request or commit changed more than GitHub lists (3000).
func completeFiles(ctx context.Context, client *github.Client, rg *Range, judged map[int]Judged) error {
	if rg.FilesComplete {
		return nil
	}
	files := newFileSet(rg.Files)
	complete := true
	for _, m := range rg.Merged {
		if paths, ok := evaluatedFiles(judged[m.Number].Result); ok {
			files.addPaths(paths)
			continue
		}
		listed, err := pullFiles(ctx, client, rg.Owner, rg.Repo, m.Number)
		if err != nil {
			return err
		}
		files.add(listed)
		complete = complete && len(listed) < listedFilesCap
	}
	for _, c := range rg.DirectPushes {
		listed, err := commitFiles(ctx, client, rg.Owner, rg.Repo, c.SHA)
		if err != nil {
			return err
		}
		files.add(listed)
		complete = complete && len(listed) < listedFilesCap
	}
	rg.Files, rg.FilesComplete = files.list, complete
	return nil
}

// evaluatedFiles are the changed files an evaluation classified, when it saw them all. An
// evaluation that lists none is not taken at its word: it may predate the file list.
func evaluatedFiles(r *policy.Result) ([]string, bool) {
	if r == nil || r.Classification.Unseen > 0 {
		return nil, false
	}
	paths := append([]string{}, r.Classification.Unclaimed...)
	for _, s := range r.Classification.Systems {
		paths = append(paths, s.Files...)
	}
	return paths, len(paths) > 0
}

func pullFiles(ctx context.Context, client *github.Client, owner, repo string, number int) ([]*github.CommitFile, error) {
	var all []*github.CommitFile
	opts := &github.ListOptions{PerPage: perPage}
	for {
		page, resp, err := client.PullRequests.ListFiles(ctx, owner, repo, number, opts)
		if err != nil {
			return nil, fmt.Errorf("list the files of #%d in %s/%s: %w", number, owner, repo, err)
		}
		all = append(all, page...)
		if resp.NextPage == 0 {
			return all, nil
		}
		opts.Page = resp.NextPage
	}
}

func commitFiles(ctx context.Context, client *github.Client, owner, repo, sha string) ([]*github.CommitFile, error) {
	var all []*github.CommitFile
	opts := &github.ListOptions{PerPage: perPage}
	for {
		c, resp, err := client.Repositories.GetCommit(ctx, owner, repo, sha, opts)
		if err != nil {
			return nil, fmt.Errorf("list the files of commit %s in %s/%s: %w", snapshot.ShortSHA(sha), owner, repo, err)
		}
		all = append(all, c.Files...)
		if resp.NextPage == 0 {
			return all, nil
		}
		opts.Page = resp.NextPage
	}
}

// fileSet is the range's changed files, each path once, in the order first seen.
type fileSet struct {
	seen map[string]bool
	list []*github.CommitFile
}

func newFileSet(files []*github.CommitFile) *fileSet {
	s := &fileSet{seen: map[string]bool{}}
	s.add(files)
	return s
}

func (s *fileSet) add(files []*github.CommitFile) {
	for _, f := range files {
		if !s.seen[f.GetFilename()] {
			s.seen[f.GetFilename()] = true
			s.list = append(s.list, f)
		}
	}
}

func (s *fileSet) addPaths(paths []string) {
	for _, p := range paths {
		s.add([]*github.CommitFile{{Filename: github.String(p)}})
	}
}
