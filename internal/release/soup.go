package release

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// SOUPChanges is the SOUP (8.1.2) of a release: the list as it stands at the release, and what
// changed in the range.
type SOUPChanges struct {
	ListPath string `json:"list_path"`
	// List is the SOUP list at the release; empty when the file does not exist there.
	List string `json:"list"`
	// Added and Removed are the list's lines that the range added or removed.
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	// Manifests are the dependency manifests the range changed.
	Manifests []string `json:"manifests_changed"`
	// Complete is false when GitHub listed only part of the range's files, so a changed
	// manifest may be missing from Manifests.
	Complete bool `json:"complete"`
}

// PolicyAt reads the policy as it stood at a commit (the organisation default if the
// repository has none); a repository with no policy at all is judged by the bundled defaults.
func PolicyAt(ctx context.Context, client *github.Client, reader *githubio.Reader, owner, repo, sha string) (*policy.Policy, error) {
	c, err := reader.Config.LoadConfig(ctx, client, owner, repo, sha)
	if err != nil {
		return nil, fmt.Errorf("read the policy of %s/%s at %s: %w", owner, repo, snapshot.ShortSHA(sha), err)
	}
	if c.IsUndefined() {
		return policyfile.Default(), nil
	}
	p, err := policyfile.Parse(c.Path, c.Content)
	if err != nil {
		return nil, fmt.Errorf("the policy of %s/%s at %s: %w", owner, repo, snapshot.ShortSHA(sha), err)
	}
	return p, nil
}

// SOUP reads the SOUP list at both ends of the range and the manifests it changed.
func SOUP(ctx context.Context, client *github.Client, rg *Range, settings policy.SOUPSettings) (SOUPChanges, error) {
	out := SOUPChanges{ListPath: settings.ListPath, Complete: rg.FilesComplete, Added: []string{}, Removed: []string{}, Manifests: []string{}}
	before, err := fileAt(ctx, client, rg.Owner, rg.Repo, settings.ListPath, rg.From.SHA)
	if err != nil {
		return out, err
	}
	if out.List, err = fileAt(ctx, client, rg.Owner, rg.Repo, settings.ListPath, rg.To.SHA); err != nil {
		return out, err
	}
	out.Added, out.Removed = lineChanges(before, out.List)
	for _, f := range rg.Files {
		if settings.IsManifest(f.GetFilename()) {
			out.Manifests = append(out.Manifests, f.GetFilename())
		}
	}
	return out, nil
}

// fileAt is a file's text at a commit, "" when it does not exist there.
func fileAt(ctx context.Context, client *github.Client, owner, repo, path, sha string) (string, error) {
	file, _, resp, err := client.Repositories.GetContents(ctx, owner, repo, path, &github.RepositoryContentGetOptions{Ref: sha})
	var gh *github.ErrorResponse
	if errors.As(err, &gh) && resp != nil && resp.StatusCode == http.StatusNotFound {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s of %s/%s at %s: %w", path, owner, repo, snapshot.ShortSHA(sha), err)
	}
	text, err := file.GetContent()
	if err != nil {
		return "", fmt.Errorf("read %s of %s/%s at %s: %w", path, owner, repo, snapshot.ShortSHA(sha), err)
	}
	return text, nil
}

// lineChanges lists the non-blank lines only after has, and only before has: for a SOUP list
// (one component per line or row) that is what was added and removed.
func lineChanges(before, after string) (added, removed []string) {
	b, a := lines(before), lines(after)
	for _, l := range a {
		if !slices.Contains(b, l) {
			added = append(added, l)
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			removed = append(removed, l)
		}
	}
	return nonNil(added), nonNil(removed)
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
