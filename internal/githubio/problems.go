package githubio

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/appconfig"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Problem reports are issues; the app finds its own by a hidden marker naming their cause and
// by its identity, never by title, and keeps one status comment on each, edited in place.

// Issues is the app's view of one repository's issues, as the app identified by AppID (and
// AppSlug, as Writer's) sees them.
type Issues struct {
	Client      *github.Client
	Owner, Repo string
	AppID       int64
	AppSlug     func() string
}

// appIssue is an issue with the app that wrote it, which go-github v62 does not decode.
type appIssue struct {
	github.Issue
	Via *github.App `json:"performed_via_github_app"`
}

// appComment is a comment with the app that wrote it.
type appComment struct {
	github.IssueComment
	Via *github.App `json:"performed_via_github_app"`
}

func (is Issues) where() string { return is.Owner + "/" + is.Repo }

// FindReport returns the app's report for a cause among the issues with label ("open" or
// "all" of them), or nil. Only an issue the app wrote counts: anyone can quote a marker.
func (is Issues) FindReport(ctx context.Context, label, state string, c problem.Cause) (*github.Issue, error) {
	u := fmt.Sprintf("repos/%s/%s/issues?state=%s&labels=%s&sort=created&direction=asc", is.Owner, is.Repo, state, urlQuery(label))
	var found *github.Issue
	err := getPages(ctx, is.Client, u, func(page []appIssue) {
		for _, i := range page {
			if found == nil && !i.IsPullRequest() && is.wrote(i.Via, i.GetUser()) && problem.MarkedWith(i.GetBody(), c) {
				found = &i.Issue
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("find the report for %s in %s: %w", c, is.where(), err)
	}
	return found, nil
}

func (is Issues) wrote(via *github.App, author *github.User) bool {
	return wroteBy(is.AppID, is.AppSlug, via, author)
}

// Events reads an issue's events, oldest first (who added a label is known only from them);
// known is false when the app may not read them.
func (is Issues) Events(ctx context.Context, number int) (events []*github.IssueEvent, known bool, err error) {
	return issueEvents(ctx, is.Client, snapshot.IssueRef{Owner: is.Owner, Repo: is.Repo, Number: number})
}

// TeamMembers reads the members of one of the repository owner's teams; known is false when
// the app cannot see the team.
func (is Issues) TeamMembers(ctx context.Context, slug string) (members []*github.User, known bool, err error) {
	return teamMembers(ctx, is.Client, is.Owner, slug)
}

// Create files an issue.
func (is Issues) Create(ctx context.Context, title, body string, labels ...string) (*github.Issue, error) {
	issue, _, err := is.Client.Issues.Create(ctx, is.Owner, is.Repo, &github.IssueRequest{Title: &title, Body: &body, Labels: &labels})
	if err != nil {
		return nil, fmt.Errorf("create issue %q in %s: %w", title, is.where(), err)
	}
	return issue, nil
}

// Get reads an issue afresh.
func (is Issues) Get(ctx context.Context, number int) (*github.Issue, error) {
	issue, _, err := is.Client.Issues.Get(ctx, is.Owner, is.Repo, number)
	if err != nil {
		return nil, fmt.Errorf("get issue %s#%d: %w", is.where(), number, err)
	}
	return issue, nil
}

// Reopen reopens an issue.
func (is Issues) Reopen(ctx context.Context, number int) error {
	if _, _, err := is.Client.Issues.Edit(ctx, is.Owner, is.Repo, number, &github.IssueRequest{State: github.String("open")}); err != nil {
		return fmt.Errorf("reopen %s#%d: %w", is.where(), number, err)
	}
	return nil
}

// SetStage gives an issue the label want and takes away the other stage labels it has; it
// writes only what differs.
func (is Issues) SetStage(ctx context.Context, issue *github.Issue, want string, stages []string) error {
	has := false
	for _, l := range issue.Labels {
		name := l.GetName()
		switch {
		case strings.EqualFold(name, want):
			has = true
		case slices.ContainsFunc(stages, func(s string) bool { return strings.EqualFold(s, name) }):
			if _, err := is.Client.Issues.RemoveLabelForIssue(ctx, is.Owner, is.Repo, issue.GetNumber(), name); err != nil && !isGone(err) {
				return fmt.Errorf("remove label %q from %s#%d: %w", name, is.where(), issue.GetNumber(), err)
			}
		}
	}
	if has {
		return nil
	}
	if _, _, err := is.Client.Issues.AddLabelsToIssue(ctx, is.Owner, is.Repo, issue.GetNumber(), []string{want}); err != nil {
		return fmt.Errorf("add label %q to %s#%d: %w", want, is.where(), issue.GetNumber(), err)
	}
	return nil
}

// Comments are the app's comments on one issue that carry a marker, by marker.
type Comments map[string]*github.IssueComment

// AppComments reads the app's comments on an issue that carry one of markers.
func (is Issues) AppComments(ctx context.Context, number int, markers ...string) (Comments, error) {
	u := fmt.Sprintf("repos/%s/%s/issues/%d/comments", is.Owner, is.Repo, number)
	out := Comments{}
	err := getPages(ctx, is.Client, u, func(page []appComment) {
		for _, c := range page {
			if !is.wrote(c.Via, c.GetUser()) {
				continue
			}
			for _, m := range markers {
				if out[m] == nil && strings.HasPrefix(c.GetBody(), m) {
					out[m] = &c.IssueComment
				}
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("list comments on %s#%d: %w", is.where(), number, err)
	}
	return out, nil
}

// Put makes the app's comment with marker say body: created when missing, edited when it
// differs. It returns Created, Updated or Unchanged.
func (is Issues) Put(ctx context.Context, number int, existing *github.IssueComment, body string) (string, error) {
	switch {
	case existing == nil:
		if _, _, err := is.Client.Issues.CreateComment(ctx, is.Owner, is.Repo, number, &github.IssueComment{Body: &body}); err != nil {
			return "", fmt.Errorf("comment on %s#%d: %w", is.where(), number, err)
		}
		return Created, nil
	case existing.GetBody() == body:
		return Unchanged, nil
	}
	if _, _, err := is.Client.Issues.EditComment(ctx, is.Owner, is.Repo, existing.GetID(), &github.IssueComment{Body: &body}); err != nil {
		return "", fmt.Errorf("edit comment %d on %s#%d: %w", existing.GetID(), is.where(), number, err)
	}
	return Updated, nil
}

// Role is a user's role in the repository (read, triage, write, maintain, admin or none), from
// GitHub's collaborator permission.
func (is Issues) Role(ctx context.Context, login string) (string, error) {
	req, err := is.Client.NewRequest("GET", fmt.Sprintf("repos/%s/%s/collaborators/%s/permission", is.Owner, is.Repo, login), nil)
	if err != nil {
		return "", err
	}
	var p struct {
		Permission string `json:"permission"`
		RoleName   string `json:"role_name"`
	}
	if _, err := is.Client.Do(ctx, req, &p); err != nil {
		if isGone(err) {
			return "none", nil
		}
		return "", fmt.Errorf("read %s's permission on %s: %w", login, is.where(), err)
	}
	// A custom role's name says nothing of its level; its base permission does.
	if slices.Contains(policyfile.Permissions, p.RoleName) {
		return p.RoleName, nil
	}
	return p.Permission, nil
}

// LoadPolicy reads and parses the policy on ref (the repository's, else the organisation's
// default). It returns nil and no error when there is none.
func LoadPolicy(ctx context.Context, client *github.Client, loader *appconfig.Loader, owner, repo, ref string) (*policy.Policy, error) {
	c, err := loader.LoadConfig(ctx, client, owner, repo, ref)
	if err != nil {
		return nil, fmt.Errorf("read policy of %s/%s@%s: %w", owner, repo, ref, err)
	}
	if c.IsUndefined() {
		return nil, nil
	}
	return policyfile.Parse(c.Path, c.Content)
}

// getPages reads every page of a list at u into each.
func getPages[T any](ctx context.Context, client *github.Client, u string, each func([]T)) error {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return paginate(func(opts *github.ListOptions) (*github.Response, error) {
		req, err := client.NewRequest("GET", fmt.Sprintf("%s%sper_page=%d&page=%d", u, sep, opts.PerPage, max(opts.Page, 1)), nil)
		if err != nil {
			return nil, err
		}
		var page []T
		resp, err := client.Do(ctx, req, &page)
		if err == nil {
			each(page)
		}
		return resp, err
	})
}

func urlQuery(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
