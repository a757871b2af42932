// Package release answers an auditor's questions about one release: which changes went in
// between two refs and whether each followed the process (5.1, 5.5-5.7, 7.4, 8.2), what each
// traces to and back (5.1.1, 7.3.3), which known anomalies remain (5.8, 9), and which SOUP
// changed (8.1.2). Gather reads the range from GitHub; Build turns it into a Record.
package release

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
)

const perPage = 100

// Commit is one commit of the range.
type Commit struct {
	SHA     string    `json:"sha"`
	Message string    `json:"message"`
	Author  string    `json:"author"`
	Date    time.Time `json:"date"`
	URL     string    `json:"url"`
}

// Merged is a pull request merged in the range.
type Merged struct {
	Pull     *github.PullRequest `json:"-"`
	Number   int                 `json:"number"`
	Title    string              `json:"title"`
	URL      string              `json:"url"`
	MergedAt time.Time           `json:"merged_at"`
	MergedBy string              `json:"merged_by"`
	// MergeSHA is the commit the merge made on the branch (the squash, merge or last rebased
	// commit).
	MergeSHA string `json:"merge_sha"`
	// RevertedBy is the number of a later pull request in the range that reverts this one.
	RevertedBy int `json:"reverted_by,omitempty"`
	// Reverts is the number of the pull request this one reverts.
	Reverts int `json:"reverts,omitempty"`
}

// Range is what GitHub holds about the commits between two refs.
type Range struct {
	Owner, Repo string
	From, To    Ref
	// Merged lists the pull requests whose merge brought commits into the range, oldest first.
	Merged []Merged
	// DirectPushes are commits on the branch's first-parent line that no pull request brought:
	// changes that skipped review altogether.
	DirectPushes []Commit
	// Files are the paths the range changed. GitHub's compare lists at most 300; past that,
	// Generate joins the files of each change (FilesComplete says whether that was all).
	Files         []*github.CommitFile
	FilesComplete bool
}

// Ref is one end of the range.
type Ref struct {
	Name string    `json:"name"`
	SHA  string    `json:"sha"`
	Date time.Time `json:"date"`
}

// compareFilesCap is how many files GitHub's compare lists at most.
const compareFilesCap = 300

// Gather reads the range from..to of owner/repo: the commits, the pull requests that merged
// them, and the commits no pull request brought. A range of more commits than limits allow
// is refused with a *TooLargeError before its second page is read.
func Gather(ctx context.Context, client *github.Client, owner, repo, from, to string, limits Limits) (*Range, error) {
	commits, cmp, err := compare(ctx, client, owner, repo, from, to, limits)
	if err != nil {
		return nil, err
	}
	rg := &Range{Owner: owner, Repo: repo, Files: cmp.Files, FilesComplete: len(cmp.Files) < compareFilesCap}
	rg.From = Ref{Name: from, SHA: cmp.GetBaseCommit().GetSHA(), Date: commitDate(cmp.GetBaseCommit())}
	rg.To = Ref{Name: to, SHA: rg.From.SHA, Date: rg.From.Date}
	if len(commits) == 0 {
		return rg, nil
	}
	last := commits[len(commits)-1]
	rg.To.SHA, rg.To.Date = last.GetSHA(), commitDate(last)
	byMerge, err := mergedPulls(ctx, client, owner, repo, rg.From.Date)
	if err != nil {
		return nil, err
	}
	if err := rg.attribute(ctx, client, mainline(commits, rg.From.SHA), byMerge); err != nil {
		return nil, err
	}
	markReverts(rg.Merged, owner, repo)
	return rg, nil
}

// compare reads every page of from...to.
func compare(ctx context.Context, client *github.Client, owner, repo, from, to string, limits Limits) ([]*github.RepositoryCommit, *github.CommitsComparison, error) {
	var all []*github.RepositoryCommit
	var first *github.CommitsComparison
	opts := &github.ListOptions{PerPage: perPage}
	for {
		cmp, resp, err := client.Repositories.CompareCommits(ctx, owner, repo, from, to, opts)
		if err != nil {
			return nil, nil, fmt.Errorf("compare %s/%s %s...%s: %w", owner, repo, from, to, err)
		}
		if first == nil {
			first = cmp
			if err := limits.check("commits", cmp.GetTotalCommits(), limits.MaxCommits); err != nil {
				return nil, nil, err
			}
		}
		all = append(all, cmp.Commits...)
		if resp.NextPage == 0 {
			return all, first, nil
		}
		opts.Page = resp.NextPage
	}
}

// mergedPulls maps merge commits to the pull requests merged since a time, reading closed pull
// requests newest-updated first and stopping at the first one last updated before it.
func mergedPulls(ctx context.Context, client *github.Client, owner, repo string, since time.Time) (map[string]*github.PullRequest, error) {
	out := map[string]*github.PullRequest{}
	opts := &github.PullRequestListOptions{State: "closed", Sort: "updated", Direction: "desc", ListOptions: github.ListOptions{PerPage: perPage}}
	for {
		page, resp, err := client.PullRequests.List(ctx, owner, repo, opts)
		if err != nil {
			return nil, fmt.Errorf("list closed pull requests of %s/%s: %w", owner, repo, err)
		}
		for _, pr := range page {
			if pr.MergedAt != nil && pr.GetMergeCommitSHA() != "" {
				out[pr.GetMergeCommitSHA()] = pr
			}
		}
		if resp.NextPage == 0 || (len(page) > 0 && page[len(page)-1].GetUpdatedAt().Before(since)) {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// mainline is the first-parent line from the newest commit back to base, oldest first: each
// of its commits is a merge, a squash, a rebased commit or a direct push. Commits off it came
// in through a merge and belong to that merge's pull request.
func mainline(commits []*github.RepositoryCommit, base string) []*github.RepositoryCommit {
	bySHA := make(map[string]*github.RepositoryCommit, len(commits))
	for _, c := range commits {
		bySHA[c.GetSHA()] = c
	}
	var line []*github.RepositoryCommit
	for c := commits[len(commits)-1]; c != nil && c.GetSHA() != base; {
		line = append(line, c)
		if len(c.Parents) == 0 {
			break
		}
		c = bySHA[c.Parents[0].GetSHA()]
	}
	for i, j := 0, len(line)-1; i < j; i, j = i+1, j-1 {
		line[i], line[j] = line[j], line[i]
	}
	return line
}

// attribute gives each mainline commit its pull request: by merge commit first, else by
// asking GitHub which merged pull request holds it (a rebase merge); a commit no merged pull
// request holds is a direct push.
func (rg *Range) attribute(ctx context.Context, client *github.Client, line []*github.RepositoryCommit, byMerge map[string]*github.PullRequest) error {
	seen := map[int]bool{}
	for _, c := range line {
		pr, ok := byMerge[c.GetSHA()]
		if !ok {
			var err error
			if pr, err = mergedHolding(ctx, client, rg.Owner, rg.Repo, c.GetSHA()); err != nil {
				return err
			}
		}
		switch {
		case pr == nil:
			rg.DirectPushes = append(rg.DirectPushes, commitOf(c))
		case !seen[pr.GetNumber()]:
			seen[pr.GetNumber()] = true
			rg.Merged = append(rg.Merged, mergedOf(pr))
		}
	}
	return nil
}

// mergedHolding is the merged pull request GitHub associates with a commit, or nil.
func mergedHolding(ctx context.Context, client *github.Client, owner, repo, sha string) (*github.PullRequest, error) {
	pulls, _, err := client.PullRequests.ListPullRequestsWithCommit(ctx, owner, repo, sha, &github.ListOptions{PerPage: perPage})
	if err != nil {
		return nil, fmt.Errorf("find the pull request of commit %s in %s/%s: %w", sha, owner, repo, err)
	}
	for _, pr := range pulls {
		if pr.MergedAt != nil {
			return pr, nil
		}
	}
	return nil, nil
}

// revertRef is the line GitHub's "Revert" button writes into the new pull request's body.
var revertRef = regexp.MustCompile(`(?m)^Reverts ([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)#([0-9]+)\s*$`)

// markReverts links each revert in the range to the pull request it reverts.
func markReverts(merged []Merged, owner, repo string) {
	index := map[int]int{}
	for i, m := range merged {
		index[m.Number] = i
	}
	for i, m := range merged {
		match := revertRef.FindStringSubmatch(m.Pull.GetBody())
		if match == nil || !strings.EqualFold(match[1], owner) || !strings.EqualFold(match[2], repo) {
			continue
		}
		n, _ := strconv.Atoi(match[3])
		merged[i].Reverts = n
		if j, ok := index[n]; ok {
			merged[j].RevertedBy = m.Number
		}
	}
}

func mergedOf(pr *github.PullRequest) Merged {
	return Merged{
		Pull: pr, Number: pr.GetNumber(), Title: pr.GetTitle(), URL: pr.GetHTMLURL(),
		MergedAt: pr.GetMergedAt().Time, MergedBy: pr.GetMergedBy().GetLogin(), MergeSHA: pr.GetMergeCommitSHA(),
	}
}

func commitOf(c *github.RepositoryCommit) Commit {
	author := c.GetAuthor().GetLogin()
	if author == "" {
		author = c.GetCommit().GetAuthor().GetName()
	}
	return Commit{SHA: c.GetSHA(), Message: firstLine(c.GetCommit().GetMessage()), Author: author, Date: commitDate(c), URL: c.GetHTMLURL()}
}

func commitDate(c *github.RepositoryCommit) time.Time {
	return c.GetCommit().GetCommitter().GetDate().Time
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
