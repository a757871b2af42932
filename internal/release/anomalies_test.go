package release

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
)

func report(number int, created time.Time, closed *time.Time, body string, labels ...string) *github.Issue {
	is := &github.Issue{
		Number: github.Int(number), Title: github.String(fmt.Sprintf("Problem %d", number)), Body: github.String(body),
		State: github.String("open"), CreatedAt: &github.Timestamp{Time: created},
		HTMLURL: github.String(fmt.Sprintf("https://github.com/%s/%s/issues/%d", owner, repo, number)),
		User:    &github.User{Login: github.String("quinn"), ID: github.Int64(9), Type: github.String("User")},
	}
	if closed != nil {
		is.State, is.ClosedAt = github.String("closed"), &github.Timestamp{Time: *closed}
	}
	for _, l := range append([]string{"problem-report"}, labels...) {
		is.Labels = append(is.Labels, &github.Label{Name: github.String(l)})
	}
	return is
}

func TestKnownAnomaliesAreTheReportsOpenAtTheRelease(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	release := t0.Add(24 * time.Hour)
	before, after := release.Add(-time.Hour), release.Add(time.Hour)
	fake.AddIssue(owner, repo, report(1, before.Add(-time.Hour), nil, "### Criticality\n\nsafety\n", "problem:investigating"))
	fake.AddIssue(owner, repo, report(2, before.Add(-time.Hour), &before, "")) // closed before: fixed in the release
	fake.AddIssue(owner, repo, report(3, before, &after, "### Criticality\n\nperformance\n", "problem:fix-merged"))
	fake.AddIssue(owner, repo, report(4, after, nil, ""))                                                                                      // filed after the release
	fake.AddIssue(owner, repo, &github.Issue{Number: github.Int(5), State: github.String("open"), CreatedAt: &github.Timestamp{Time: before}}) // not a report

	cfg := policyfile.Default().Config
	reports, err := ProblemReports(context.Background(), client(t, fake), owner, repo, cfg.Traceability.Labels.ProblemReport)
	if err != nil {
		t.Fatal(err)
	}
	got := KnownAnomalies(reports, cfg, release)
	want := []Anomaly{
		{Number: 1, Title: "Problem 1", URL: "https://github.com/acme-medical/infusion-pump/issues/1", Criticality: "safety", Stage: "problem:investigating", OpenNow: true},
		{Number: 3, Title: "Problem 3", URL: "https://github.com/acme-medical/infusion-pump/issues/3", Criticality: "performance", Stage: "problem:fix-merged", OpenNow: false},
	}
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Fatalf("anomalies =\n%+v\nwant\n%+v", got, want)
	}
}
