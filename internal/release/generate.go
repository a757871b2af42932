package release

import (
	"context"
	"fmt"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

// Request names the release to record.
type Request struct {
	Owner, Repo string
	From, To    string
	BotVersion  string
	// Records are the evaluations recorded at merge; nil reads none and evaluates afresh.
	Records MergeRecords
	// Progress, when set, hears how many merged pull requests have been judged.
	Progress func(done, total int)
	// Calls reports how many GitHub API calls the report made so far.
	Calls func() int
	Now   func() time.Time
}

// Generate reads the range from GitHub and builds its release record.
func Generate(ctx context.Context, client *github.Client, reader *githubio.Reader, req Request) (*Record, error) {
	rg, err := Gather(ctx, client, req.Owner, req.Repo, req.From, req.To)
	if err != nil {
		return nil, err
	}
	pol, err := PolicyAt(ctx, client, reader, req.Owner, req.Repo, rg.To.SHA)
	if err != nil {
		return nil, err
	}
	verdicts := &Verdicts{Records: req.Records, Reader: reader, Client: client}
	judged := make(map[int]Judged, len(rg.Merged))
	for i, m := range rg.Merged {
		if judged[m.Number], err = verdicts.Judge(ctx, req.Owner, req.Repo, m); err != nil {
			return nil, fmt.Errorf("judge #%d: %w", m.Number, err)
		}
		if req.Progress != nil {
			req.Progress(i+1, len(rg.Merged))
		}
	}
	reports, err := ProblemReports(ctx, client, req.Owner, req.Repo, pol.Config.Traceability.Labels.ProblemReport)
	if err != nil {
		return nil, err
	}
	soup, err := SOUP(ctx, client, rg, pol.Config.SOUP)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if req.Now != nil {
		now = req.Now
	}
	calls := 0
	if req.Calls != nil {
		calls = req.Calls()
	}
	return Build(Inputs{Range: rg, Verdicts: judged, Reports: reports, Policy: pol, SOUP: soup,
		Generated: now(), BotVersion: req.BotVersion, APICalls: calls}), nil
}
