package release

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// whoMerged fills in who merged each change that did not pass. GitHub's lists of pull requests
// (the closed ones, a commit's) leave merged_by out, and for a deviation the auditor asks who
// let it in: one read per such change, none for the others.
func whoMerged(ctx context.Context, client *github.Client, rg *Range, judged map[int]Judged) error {
	for i, m := range rg.Merged {
		if m.MergedBy != "" || changeOf(m, judged[m.Number]).Verdict == string(policy.VerdictPass) {
			continue
		}
		pr, _, err := client.PullRequests.Get(ctx, rg.Owner, rg.Repo, m.Number)
		if err != nil {
			return fmt.Errorf("read who merged %s/%s#%d: %w", rg.Owner, rg.Repo, m.Number, err)
		}
		rg.Merged[i].MergedBy = pr.GetMergedBy().GetLogin()
	}
	return nil
}
