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

// reviewer is who logs in to the details page in the demo.
const reviewer = "erin"

var (
	verdictLine = regexp.MustCompile(`(?s)<p class="verdict[^"]*" id="verdict">(.*?)</p>`)
	tags        = regexp.MustCompile(`<[^>]+>`)
)

// showDetailsPage follows a check run's details link as a reviewer would: GitHub login through
// the fake GitHub's OAuth flow, back to the pull request's page, which the bot renders from its
// recorded evaluations.
func showDetailsPage(ctx context.Context, h *harness.Harness, w io.Writer, number int) error {
	h.GitHub.GrantRead(owner, repo, reviewer)
	h.GitHub.SetOAuthUser(reviewer)
	page := fmt.Sprintf("%s/repos/%s/%s/pulls/%d", h.URL, owner, repo, number)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, page, nil)
	if err != nil {
		return err
	}
	resp, err := harness.Browser().Do(req)
	if err != nil {
		return fmt.Errorf("open the details page of #%d: %w", number, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read the details page of #%d: %w", number, err)
	}
	m := verdictLine.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		return fmt.Errorf("the details page of #%d answered %d without a verdict", number, resp.StatusCode)
	}
	fmt.Fprintf(w, "\nDetails page of #%d (behind GitHub login): %s\n", number, page)
	fmt.Fprintf(w, "  logged in as %s through the fake GitHub's OAuth flow; the page says: %s\n", reviewer,
		strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(string(m[1]), ""))), " "))
	return nil
}
