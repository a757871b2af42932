package demo

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// reviewer is who logs in to the bot's pages in the demo.
const reviewer = "erin"

var (
	verdictLine = regexp.MustCompile(`(?s)<p class="verdict[^"]*"[^>]*>(.*?)</p>`)
	tags        = regexp.MustCompile(`<[^>]+>`)
)

// showDetailsPage follows a check run's details link as a reviewer would: GitHub login through
// the fake GitHub's OAuth flow, back to the pull request's page, which the bot renders from its
// recorded evaluations.
func showDetailsPage(ctx context.Context, h *harness.Harness, w io.Writer, number int) error {
	page := fmt.Sprintf("%s/repos/%s/%s/pulls/%d", h.URL, owner, repo, number)
	verdict, err := pageVerdict(ctx, h, page)
	if err != nil {
		return fmt.Errorf("the details page of #%d: %w", number, err)
	}
	fmt.Fprintf(w, "\nDetails page of #%d (behind GitHub login): %s\n", number, page)
	fmt.Fprintf(w, "  logged in as %s through the fake GitHub's OAuth flow; the page says: %s\n", reviewer, verdict)
	return nil
}

// pageVerdict opens one of the bot's pages as the reviewer, logging in through the fake
// GitHub's OAuth flow, and returns the verdict it leads with, as plain text.
func pageVerdict(ctx context.Context, h *harness.Harness, page string) (string, error) {
	body, err := openAsReviewer(ctx, h, page)
	if err != nil {
		return "", err
	}
	m := verdictLine.FindSubmatch(body)
	if m == nil {
		return "", fmt.Errorf("%s shows no verdict", page)
	}
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(string(m[1]), ""))), " "), nil
}

// openAsReviewer reads a page of the bot as the reviewer, who may read the repository.
func openAsReviewer(ctx context.Context, h *harness.Harness, page string) ([]byte, error) {
	h.GitHub.GrantRead(owner, repo, reviewer)
	h.GitHub.SetOAuthUser(reviewer)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, page, nil)
	if err != nil {
		return nil, err
	}
	resp, err := harness.Browser().Do(req)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", page, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", page, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %d", page, resp.StatusCode)
	}
	return body, nil
}
