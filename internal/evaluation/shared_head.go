package evaluation

import (
	"context"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// MaxPullsPerHead is how many open pull requests with one head commit an evaluation judges.
// One branch proposed into main and into a release branch or two is the real case; beyond
// this, someone is opening pull requests in bulk, and judging each (a snapshot read per pull
// request, on every evaluation of any of them) would multiply GitHub calls. The check then
// fails, saying why, since it cannot vouch for the pull requests it did not judge.
const MaxPullsPerHead = 10

// headVerdict is the check run for the head commit of the pull request just judged (snap,
// own), and the freshest list of check runs on that commit. GitHub shows one check run per
// commit and name, so when other open pull requests share the head, each is read afresh and
// judged by its own base branch's policy, and the run carries the strictest verdict (see
// Strictest). Every evaluation of any of them judges them all, so whichever writes last, the
// run never shows a pass that another of them does not earn. It runs under the head's lock,
// and the open pull requests come from a listing begun after it was called (see OpenHeads):
// a pull request whose evaluation wrote before this one is in that list.
func (s *Service) headVerdict(ctx context.Context, client *github.Client, t Target, snap *snapshot.Snapshot, own Judgement) (githubio.CheckRunSpec, []*github.CheckRun, error) {
	sha := snap.HeadSHA()
	open, err := s.openHeads.With(ctx, client, t.Owner, t.Repo, sha)
	if err != nil {
		return githubio.CheckRunSpec{}, nil, err
	}
	judged := []HeadJudgement{{Number: t.Number, Base: snap.Pull.GetBase().GetRef(), Judgement: own}}
	runs, unjudged := snap.CheckRuns, 0
	for _, number := range open {
		if number == t.Number {
			continue
		}
		if len(judged) == MaxPullsPerHead {
			unjudged++
			continue
		}
		other := t
		other.Number = number
		sib, err := s.Reader.Fetch(ctx, client, other.Owner, other.Repo, other.Number)
		if err != nil {
			return githubio.CheckRunSpec{}, nil, err
		}
		if sib.HeadSHA() != sha {
			continue // pushed to since the list was read: its check is on another commit now
		}
		judged = append(judged, HeadJudgement{Number: other.Number, Base: sib.Pull.GetBase().GetRef(), Judgement: Judge(sib, s.detailsURL(other), s.BotVersion)})
		runs = sib.CheckRuns // read after the others: the app's own run is found among these
	}
	return Strictest(judged, unjudged), runs, nil
}
