package release

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// Anomaly is a problem report that was open when the release was cut: a known residual
// anomaly (5.8, 9) the release notes must list and evaluate.
type Anomaly struct {
	Number      int    `json:"number"`
	Title       string `json:"title"`
	URL         string `json:"url"`
	Criticality string `json:"criticality"`
	Stage       string `json:"stage"`
	// OpenNow is false for a report closed since the release: it was open at the release.
	OpenNow bool `json:"open_now"`
}

// ProblemReports reads every issue labelled as a problem report, open or closed: the known
// anomalies of a release and the reports filed for its deviations are among them.
func ProblemReports(ctx context.Context, client *github.Client, owner, repo, label string) ([]*github.Issue, error) {
	opts := &github.IssueListByRepoOptions{State: "all", Labels: []string{label}, Sort: "created", Direction: "asc", ListOptions: github.ListOptions{PerPage: perPage}}
	var out []*github.Issue
	for {
		page, resp, err := client.Issues.ListByRepo(ctx, owner, repo, opts)
		if err != nil {
			return nil, fmt.Errorf("list %s issues of %s/%s: %w", label, owner, repo, err)
		}
		for _, issue := range page {
			if !issue.IsPullRequest() {
				out = append(out, issue)
			}
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// KnownAnomalies are the problem reports that were open at the time at: created by then, and
// not closed, or closed only after it.
func KnownAnomalies(reports []*github.Issue, cfg policy.Config, at time.Time) []Anomaly {
	out := []Anomaly{}
	for _, issue := range reports {
		if openAt(issue, at) {
			out = append(out, anomalyOf(issue, cfg.ProblemReports.Stages))
		}
	}
	return out
}

func openAt(issue *github.Issue, at time.Time) bool {
	if issue.GetCreatedAt().After(at) {
		return false
	}
	return issue.ClosedAt == nil || issue.GetClosedAt().After(at)
}

func anomalyOf(issue *github.Issue, stages problem.StageLabels) Anomaly {
	sections := problem.ParseSections(issue.GetBody(), problem.ReportParts)
	criticality := strings.TrimSpace(sections[problem.PartCriticality.Key])
	if criticality == "" {
		criticality = "not assessed"
	}
	return Anomaly{
		Number: issue.GetNumber(), Title: issue.GetTitle(), URL: issue.GetHTMLURL(),
		Criticality: criticality, Stage: stageOf(issue, stages), OpenNow: issue.GetState() == "open",
	}
}

// stageOf is the report's stage label; a report without one has not been triaged.
func stageOf(issue *github.Issue, stages problem.StageLabels) string {
	for _, name := range stages.All() {
		for _, l := range issue.Labels {
			if strings.EqualFold(l.GetName(), name) {
				return name
			}
		}
	}
	return stages.NeedsTriage
}
