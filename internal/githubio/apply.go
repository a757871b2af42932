package githubio

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// CheckRunName is the one check run the app owns per head commit.
const CheckRunName = snapshot.BotCheckName

// What Apply did to each thing it manages.
const (
	Created   = "created"
	Updated   = "updated"
	Unchanged = "unchanged"
	Skipped   = "skipped"
)

// CheckRunSpec is the check run GitHub should show on the head commit.
type CheckRunSpec struct {
	HeadSHA, Status, Conclusion, DetailsURL, ExternalID string
	Title, Summary, Text                                string
}

// CommentSpec is the summary comment GitHub should show on the pull request.
type CommentSpec struct {
	Body string
	// CreateIfMissing false only keeps an existing comment true; it never posts a new one.
	CreateIfMissing bool
}

// Outcome is everything one evaluation writes. A nil Comment leaves comments alone.
type Outcome struct {
	CheckRun CheckRunSpec
	Comment  *CommentSpec
}

// Applied says what Apply did: Created, Updated, Unchanged or Skipped for each part.
type Applied struct {
	CheckRun, Comment string
}

// Writer applies outcomes as the app identified by AppID.
type Writer struct {
	AppID int64
	// AppSlug is the app's slug once known (GET /app), else ""; nil: never known. Its bot
	// account, "<slug>[bot]", identifies the app's comments where GitHub does not name the app
	// they were performed via.
	AppSlug func() string
	// CommentMarker is the hidden text that identifies the app's summary comment.
	CommentMarker string
}

// Apply makes GitHub show the outcome, writing only what differs. headRuns are the check runs
// on the head commit as Fetch read them in the same evaluation: the app's own run is found
// among them rather than read again. The check run is written first: it is the product, and a
// comment failure must never cost it. Text over GitHub's length limits is cut, with a note,
// rather than refused by GitHub.
func (w *Writer) Apply(ctx context.Context, client *github.Client, owner, repo string, number int, out Outcome, headRuns []*github.CheckRun) (Applied, error) {
	out.CheckRun = out.CheckRun.fitted()
	if out.Comment != nil {
		fitted := *out.Comment
		fitted.Body = fit(fitted.Body, MaxCommentBody, "The `"+CheckRunName+"` check run has the full evidence.")
		out.Comment = &fitted
	}
	applied := Applied{Comment: Skipped}
	var err error
	if applied.CheckRun, err = w.applyCheckRun(ctx, client, owner, repo, out.CheckRun, OwnRun(headRuns, w.AppID)); err != nil {
		return Applied{CheckRun: Skipped, Comment: Skipped}, err
	}
	if out.Comment != nil {
		if applied.Comment, err = w.applyComment(ctx, client, owner, repo, number, *out.Comment); err != nil {
			return applied, fmt.Errorf("summary comment on %s/%s#%d (the check run was written): %w", owner, repo, number, err)
		}
	}
	return applied, nil
}

func (w *Writer) applyCheckRun(ctx context.Context, client *github.Client, owner, repo string, spec CheckRunSpec, existing *github.CheckRun) (string, error) {
	output := &github.CheckRunOutput{Title: github.String(spec.Title), Summary: github.String(spec.Summary)}
	if spec.Text != "" {
		output.Text = github.String(spec.Text)
	}
	if existing == nil {
		_, _, err := client.Checks.CreateCheckRun(ctx, owner, repo, github.CreateCheckRunOptions{
			Name: CheckRunName, HeadSHA: spec.HeadSHA, Status: github.String(spec.Status), Conclusion: optional(spec.Conclusion),
			DetailsURL: optional(spec.DetailsURL), ExternalID: optional(spec.ExternalID), Output: output,
		})
		if err != nil {
			return "", fmt.Errorf("create check run on %s/%s@%s: %w", owner, repo, spec.HeadSHA, err)
		}
		return Created, nil
	}
	spec = keepCompleted(existing, spec)
	if sameCheckRun(existing, spec) {
		return Unchanged, nil
	}
	_, _, err := client.Checks.UpdateCheckRun(ctx, owner, repo, existing.GetID(), github.UpdateCheckRunOptions{
		Name: CheckRunName, Status: github.String(spec.Status), Conclusion: optional(spec.Conclusion),
		DetailsURL: optional(spec.DetailsURL), ExternalID: optional(spec.ExternalID), Output: output,
	})
	if err != nil {
		return "", fmt.Errorf("update check run %d on %s/%s@%s: %w", existing.GetID(), owner, repo, spec.HeadSHA, err)
	}
	return Updated, nil
}

// OwnRun returns the newest check run among runs that the app appID wrote under
// CheckRunName, or nil.
func OwnRun(runs []*github.CheckRun, appID int64) *github.CheckRun {
	var newest *github.CheckRun
	for _, r := range runs {
		if r.GetName() == CheckRunName && r.GetApp().GetID() == appID && (newest == nil || r.GetID() > newest.GetID()) {
			newest = r
		}
	}
	return newest
}

// keepCompleted: GitHub never moves a completed check run back to in_progress, so a verdict
// that turns pending after one was given (a required CI check re-run, say) stays completed,
// as a failure, until it is decided again. Failing closed keeps an earlier success from
// standing while the evidence is being redone; the title and summary say what is awaited.
func keepCompleted(existing *github.CheckRun, spec CheckRunSpec) CheckRunSpec {
	if existing.GetStatus() == snapshot.StatusCompleted && spec.Status != snapshot.StatusCompleted {
		spec.Status, spec.Conclusion = snapshot.StatusCompleted, snapshot.ConclusionFailure
	}
	return spec
}

// sameCheckRun reports whether the existing run already shows the spec. Without a details URL
// of ours, GitHub fills in the app's homepage, so only a URL we set is compared.
func sameCheckRun(r *github.CheckRun, spec CheckRunSpec) bool {
	out := r.GetOutput()
	return r.GetStatus() == spec.Status && r.GetConclusion() == spec.Conclusion &&
		(spec.DetailsURL == "" || r.GetDetailsURL() == spec.DetailsURL) && r.GetExternalID() == spec.ExternalID &&
		out.GetTitle() == spec.Title && out.GetSummary() == spec.Summary && out.GetText() == spec.Text
}

func (w *Writer) applyComment(ctx context.Context, client *github.Client, owner, repo string, number int, spec CommentSpec) (string, error) {
	existing, err := w.findComment(ctx, client, owner, repo, number)
	if err != nil {
		return "", err
	}
	switch {
	case existing == nil && !spec.CreateIfMissing:
		return Skipped, nil
	case existing == nil:
		if _, _, err := client.Issues.CreateComment(ctx, owner, repo, number, &github.IssueComment{Body: github.String(spec.Body)}); err != nil {
			return "", fmt.Errorf("create: %w", err)
		}
		return Created, nil
	case existing.GetBody() == spec.Body:
		return Unchanged, nil
	}
	if _, _, err := client.Issues.EditComment(ctx, owner, repo, existing.GetID(), &github.IssueComment{Body: github.String(spec.Body)}); err != nil {
		return "", fmt.Errorf("edit comment %d: %w", existing.GetID(), err)
	}
	return Updated, nil
}

// findComment returns the app's summary comment: the first comment that carries the marker
// and that this app wrote. Anyone can quote the marker (another app, a user pasting the
// bot's text); only a comment the app wrote is ever edited.
func (w *Writer) findComment(ctx context.Context, client *github.Client, owner, repo string, number int) (*github.IssueComment, error) {
	var found *github.IssueComment
	err := paginate(func(opts *github.ListOptions) (*github.Response, error) {
		page, resp, err := listComments(ctx, client, owner, repo, number, opts)
		for _, c := range page {
			if found == nil && w.wrote(c) && strings.Contains(c.GetBody(), w.CommentMarker) {
				found = &c.IssueComment
			}
		}
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("find summary comment: %w", err)
	}
	return found, nil
}

// wrote reports whether the app wrote c (see wroteBy).
func (w *Writer) wrote(c appComment) bool { return wroteBy(w.AppID, w.AppSlug, c.Via, c.GetUser()) }

// wroteBy reports whether the app (its ID, and its slug once known) wrote a comment or issue:
// GitHub names the app it was performed via, or, where it names none, its author is the app's
// bot account, "<slug>[bot]", a login no person and no other app can have. One named as
// another app's, or one the app cannot tell is its own (its slug not yet known), is not.
func wroteBy(appID int64, appSlug func() string, via *github.App, author *github.User) bool {
	if via != nil {
		return via.GetID() == appID
	}
	if appSlug == nil {
		return false
	}
	slug := appSlug()
	return slug != "" && author.GetType() == "Bot" && strings.EqualFold(author.GetLogin(), slug+"[bot]")
}

// listComments is GET /repos/{owner}/{repo}/issues/{number}/comments, one page.
func listComments(ctx context.Context, client *github.Client, owner, repo string, number int, opts *github.ListOptions) ([]appComment, *github.Response, error) {
	u := fmt.Sprintf("repos/%s/%s/issues/%d/comments?per_page=%d", owner, repo, number, opts.PerPage)
	if opts.Page > 0 {
		u += fmt.Sprintf("&page=%d", opts.Page)
	}
	req, err := client.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	var page []appComment
	resp, err := client.Do(ctx, req, &page)
	return page, resp, err
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return github.String(s)
}
