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
	// Limits bound the range; a range beyond them is refused with a *TooLargeError.
	Limits Limits
}

// Generate reads the range from GitHub and builds its release record.
func Generate(ctx context.Context, client *github.Client, reader *githubio.Reader, req Request) (*Record, error) {
	rg, err := Gather(ctx, client, req.Owner, req.Repo, req.From, req.To, req.Limits)
	if err != nil {
		return nil, err
	}
	pol, err := PolicyAt(ctx, client, reader, req.Owner, req.Repo, rg.To.SHA)
	if err != nil {
		return nil, err
	}
	verdicts := &Verdicts{Records: req.Records, Reader: pinned(reader), Client: client}
	judged, err := judgeAll(ctx, verdicts, req, rg.Merged)
	if err != nil {
		return nil, err
	}
	if err := completeFiles(ctx, client, rg, judged); err != nil {
		return nil, err
	}
	if err := whoMerged(ctx, client, rg, judged); err != nil {
		return nil, err
	}
	reports, err := ProblemReports(ctx, client, req.Owner, req.Repo, pol.Config.Traceability.Labels.ProblemReport)
	if err != nil {
		return nil, err
	}
	soup, err := SOUP(ctx, client, rg, pol.Config.SOUP)
	if err != nil {
		return nil, err
	}
	cat, err := ReadCatalogue(ctx, client, req.Owner, req.Repo, rg.To.SHA, pol)
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
	return Build(Inputs{Range: rg, Verdicts: judged, Reports: reports, Policy: pol, SOUP: soup, Catalogue: cat,
		Generated: now(), BotVersion: req.BotVersion, APICalls: calls}), nil
}

// pinned is reader with each base branch's policy read once for the whole record: every
// change evaluated afresh is judged by the same policy, two calls fewer each.
func pinned(reader *githubio.Reader) *githubio.Reader {
	r := *reader
	r.Pinned = githubio.NewPinnedPolicies()
	return &r
}

// judgeAll judges every merged pull request: from its record where there is one, and only
// then, if the limits allow that many, the rest afresh from GitHub.
func judgeAll(ctx context.Context, verdicts *Verdicts, req Request, merged []Merged) (map[int]Judged, error) {
	judged := make(map[int]Judged, len(merged))
	done := 0
	progress := func() {
		done++
		if req.Progress != nil {
			req.Progress(done, len(merged))
		}
	}
	var fresh []Merged
	for _, m := range merged {
		j, ok, err := verdicts.Recorded(ctx, req.Owner, req.Repo, m)
		if err != nil {
			return nil, fmt.Errorf("judge #%d: %w", m.Number, err)
		}
		if !ok {
			fresh = append(fresh, m)
			continue
		}
		judged[m.Number] = j
		progress()
	}
	if err := req.Limits.check("merged pull requests without a recorded evaluation", len(fresh), req.Limits.MaxFresh); err != nil {
		return nil, err
	}
	for _, m := range fresh {
		j, err := verdicts.Fresh(ctx, req.Owner, req.Repo, m)
		if err != nil {
			return nil, err
		}
		judged[m.Number] = j
		progress()
	}
	return judged, nil
}
