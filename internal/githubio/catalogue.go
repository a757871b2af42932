package githubio

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Bounds on reading a requirement catalogue. Every evaluation reads it, so a catalogue a
// thousand times larger than a real one must cost a bounded number of calls and bytes; past a
// bound the catalogue is incomplete, and the traceability rule says so (an ID not found fails).
const (
	MaxCatalogueFiles  = 300
	MaxCatalogueBytes  = 4 << 20
	MaxCatalogueDirs   = 100
	MaxCatalogueIssues = 3000
)

// ReadCatalogue reads a requirement catalogue as it stands at a commit: the issues with its
// label (open and closed; issues have no commit, so they are read as they are now), or the
// files its patterns match. A label, folder or file the app may not read leaves the catalogue
// incomplete, never an error: the rule then fails closed and says why.
func ReadCatalogue(ctx context.Context, client *github.Client, owner, repo, commit string, c *policy.Catalogue) (*snapshot.Catalogue, error) {
	if c.IssueLabel != "" {
		return readCatalogueIssues(ctx, client, owner, repo, c.IssueLabel)
	}
	r := &catalogueFiles{ctx: ctx, client: client, owner: owner, repo: repo, commit: commit, listed: map[string][]*github.RepositoryContent{}}
	return r.read(c.Files)
}

func readCatalogueIssues(ctx context.Context, client *github.Client, owner, repo, label string) (*snapshot.Catalogue, error) {
	out := &snapshot.Catalogue{Issues: []*github.Issue{}}
	opts := &github.IssueListByRepoOptions{State: "all", Labels: []string{label}, ListOptions: github.ListOptions{PerPage: perPage}}
	for {
		page, resp, err := client.Issues.ListByRepo(ctx, owner, repo, opts)
		switch {
		case isGone(err):
			out.Incomplete = fmt.Sprintf("the app may not read the issues of %s/%s", owner, repo)
			return out, nil
		case err != nil:
			return nil, fmt.Errorf("list issues labelled %q in %s/%s: %w", label, owner, repo, err)
		}
		out.Issues = append(out.Issues, page...)
		if resp.NextPage == 0 {
			return out, nil
		}
		if len(out.Issues) >= MaxCatalogueIssues {
			out.Incomplete = fmt.Sprintf("only the first %d issues labelled %q were read", len(out.Issues), label)
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// catalogueFiles is one read of a catalogue's files.
type catalogueFiles struct {
	ctx         context.Context
	client      *github.Client
	owner, repo string
	commit      string
	// listed caches each folder's listing: several patterns may name one folder.
	listed     map[string][]*github.RepositoryContent
	incomplete []string
}

func (r *catalogueFiles) read(globs []string) (*snapshot.Catalogue, error) {
	var matched []*github.RepositoryContent
	for _, g := range globs {
		base, rest := doublestar.SplitPattern(g)
		if base == "." {
			base = ""
		}
		found, err := r.walk(base, g, strings.Contains(rest, "/") || strings.Contains(rest, "**"))
		if err != nil {
			return nil, err
		}
		matched = append(matched, found...)
	}
	slices.SortFunc(matched, func(a, b *github.RepositoryContent) int { return strings.Compare(a.GetPath(), b.GetPath()) })
	matched = slices.CompactFunc(matched, func(a, b *github.RepositoryContent) bool { return a.GetPath() == b.GetPath() })
	out := &snapshot.Catalogue{Files: map[string][]byte{}}
	if err := r.readFiles(matched, out); err != nil {
		return nil, err
	}
	out.Incomplete = strings.Join(r.incomplete, "; ")
	return out, nil
}

// walk lists the files under dir that match glob, descending into folders when the pattern
// reaches below its base, up to MaxCatalogueDirs folders listed.
func (r *catalogueFiles) walk(dir, glob string, deep bool) ([]*github.RepositoryContent, error) {
	entries, err := r.list(dir)
	if err != nil || entries == nil {
		return nil, err
	}
	var out []*github.RepositoryContent
	for _, e := range entries {
		switch e.GetType() {
		case "file":
			if ok, _ := doublestar.Match(glob, e.GetPath()); ok {
				out = append(out, e)
			}
		case "dir":
			if !deep {
				continue
			}
			below, err := r.walk(e.GetPath(), glob, deep)
			if err != nil {
				return nil, err
			}
			out = append(out, below...)
		}
	}
	return out, nil
}

// list reads one folder at the commit; nil when it does not exist (the pattern matches
// nothing), is not readable, or is past the bound on folders (both noted).
func (r *catalogueFiles) list(dir string) ([]*github.RepositoryContent, error) {
	if entries, ok := r.listed[dir]; ok {
		return entries, nil
	}
	if len(r.listed) >= MaxCatalogueDirs {
		r.note(fmt.Sprintf("only %d folders were listed", MaxCatalogueDirs))
		return nil, nil
	}
	_, entries, resp, err := r.client.Repositories.GetContents(r.ctx, r.owner, r.repo, dir, &github.RepositoryContentGetOptions{Ref: r.commit})
	switch {
	case resp != nil && resp.StatusCode == 404:
		entries = nil
	case isGone(err):
		r.note(fmt.Sprintf("the app may not read %s", displayDir(dir)))
		entries = nil
	case err != nil:
		return nil, fmt.Errorf("list %s of %s/%s at %s: %w", displayDir(dir), r.owner, r.repo, r.commit, err)
	}
	r.listed[dir] = entries
	return entries, nil
}

// readFiles reads the matched files in path order until a bound is reached.
func (r *catalogueFiles) readFiles(matched []*github.RepositoryContent, out *snapshot.Catalogue) error {
	if len(matched) > MaxCatalogueFiles {
		r.note(fmt.Sprintf("%d of %d matching files were read", MaxCatalogueFiles, len(matched)))
		matched = matched[:MaxCatalogueFiles]
	}
	bytes, over := 0, 0
	defer func() {
		if over > 0 {
			r.note(fmt.Sprintf("%d %s not read: the catalogue's files may hold %d MiB in all", over, oneOrMany(over, "file was", "files were"), MaxCatalogueBytes>>20))
		}
	}()
	for _, e := range matched {
		if bytes+e.GetSize() > MaxCatalogueBytes {
			over++
			continue
		}
		file, _, _, err := r.client.Repositories.GetContents(r.ctx, r.owner, r.repo, e.GetPath(), &github.RepositoryContentGetOptions{Ref: r.commit})
		switch {
		case isGone(err):
			r.note(fmt.Sprintf("the app may not read %s", e.GetPath()))
			continue
		case err != nil:
			return fmt.Errorf("read %s of %s/%s at %s: %w", e.GetPath(), r.owner, r.repo, r.commit, err)
		}
		content, err := file.GetContent()
		if err != nil || (content == "" && file.GetSize() > 0) {
			// GitHub leaves out the content of a file over 1 MB.
			r.note(fmt.Sprintf("%s was not read: too large", e.GetPath()))
			continue
		}
		out.Files[e.GetPath()] = []byte(content)
		bytes += len(content)
	}
	return nil
}

func (r *catalogueFiles) note(why string) {
	if !slices.Contains(r.incomplete, why) {
		r.incomplete = append(r.incomplete, why)
	}
}

func displayDir(dir string) string {
	if dir == "" {
		return "the repository's root folder"
	}
	return path.Clean(dir) + "/"
}

func oneOrMany(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
