package release

import (
	"context"
	"fmt"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/buildinfo"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Basis says where a change's verdict in the release record comes from.
type Basis string

// Bases, most trustworthy first.
const (
	// BasisRecorded: the evaluation the bot recorded when the pull request merged.
	BasisRecorded Basis = "recorded at merge"
	// BasisLastBeforeMerge: the last evaluation the bot recorded before the merge, what the
	// check run said when the pull request was merged.
	BasisLastBeforeMerge Basis = "last recorded before merge"
	// BasisFresh: no record exists (merged before the app was installed, or the record was
	// pruned), so the report judged the pull request now, by the base branch's policy as it is
	// today; the report marks it so.
	BasisFresh Basis = "evaluated now (no record from merge time)"
	// BasisNone: neither was possible; the change is flagged as a deviation.
	BasisNone Basis = "not evaluated"
)

// Judged is a merged pull request's verdict and the evidence behind it.
type Judged struct {
	Basis  Basis
	Result *policy.Result
	// Problem says why there is no verdict (a broken policy at the base, a read that failed).
	Problem string
	// RecordedAt names the record used, for the auditor to look up.
	Record *records.Record
}

// MergeRecords finds the evaluation recorded at a pull request's merge.
type MergeRecords interface {
	AtMerge(ctx context.Context, repo string, number int, mergedAt time.Time) (records.Record, bool, error)
}

// Verdicts judges merged pull requests for the report: from the record made at merge where
// there is one (no GitHub call at all), else afresh.
type Verdicts struct {
	Records MergeRecords // nil when the report runs without the app's database
	Reader  *githubio.Reader
	Client  *github.Client
}

// Recorded is the verdict the app recorded at (or last before) the merge; false when there
// is none. It costs no GitHub call.
func (v *Verdicts) Recorded(ctx context.Context, owner, repo string, m Merged) (Judged, bool, error) {
	if v.Records == nil {
		return Judged{}, false, nil
	}
	rec, ok, err := v.Records.AtMerge(ctx, owner+"/"+repo, m.Number, m.MergedAt)
	if err != nil || !ok || rec.Result == nil {
		return Judged{}, false, err
	}
	basis := BasisRecorded
	if rec.Trigger != records.TriggerMerge {
		basis = BasisLastBeforeMerge
	}
	return Judged{Basis: basis, Result: rec.Result, Record: &rec}, true, nil
}

// RateLimitedError says that GitHub's rate limit stopped the record at a pull request, and
// when it may run again. Its words leave out the failed calls (Err holds them): several fail
// at once, and a person needs only the wait.
type RateLimitedError struct {
	Number int
	Wait   time.Duration
	Err    error
}

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("GitHub's rate limit ran out while evaluating #%d afresh (it has no recorded evaluation); run again in %s",
		e.Number, e.Wait.Round(time.Second))
}

func (e *RateLimitedError) Unwrap() error { return e.Err }

// Fresh evaluates a merged pull request now, from GitHub, by its base branch's policy today.
// A read that fails leaves it not evaluated (a deviation, saying why); a spent rate limit
// stops the whole record instead, since every later pull request would fail the same way.
// (The report command's client waits the limit out, up to --max-wait, before it gets here;
// the server's page never waits.)
func (v *Verdicts) Fresh(ctx context.Context, owner, repo string, m Merged) (Judged, error) {
	snap, err := v.fetch(ctx, owner, repo, m)
	if wait, transient := githubio.RetryAfter(err); transient && wait > 0 {
		return Judged{}, &RateLimitedError{Number: m.Number, Wait: wait, Err: err}
	}
	if err != nil {
		return Judged{Basis: BasisNone, Problem: fmt.Sprintf("could not read #%d from GitHub: %v", m.Number, err)}, nil
	}
	j := evaluation.Judge(snap, "", buildinfo.Read().String())
	if j.Kind != evaluation.KindEvaluated || j.Result == nil {
		return Judged{Basis: BasisNone, Result: j.Result, Problem: fmt.Sprintf("not judged: %s", j.Label())}, nil
	}
	return Judged{Basis: BasisFresh, Result: j.Result}, nil
}

// fetch reads a merged pull request's snapshot, from the pull request the range's list gave
// when there is one (a call fewer).
func (v *Verdicts) fetch(ctx context.Context, owner, repo string, m Merged) (*snapshot.Snapshot, error) {
	if m.Pull != nil {
		return v.Reader.FetchListed(ctx, v.Client, owner, repo, m.Pull)
	}
	return v.Reader.Fetch(ctx, v.Client, owner, repo, m.Number)
}
