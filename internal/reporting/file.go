package reporting

import (
	"context"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// fileOnce returns the report for a cause, filing it from draft when there is none. state
// says which earlier reports count: "all" for a cause that happens once (a merge, a command),
// "open" for one that may recur (a check failing again after its report was closed). The
// guard makes find-then-create atomic for the cause.
func (s *Service) fileOnce(ctx context.Context, ss *session, c problem.Cause, state string, draft func() problem.Draft) (*github.Issue, bool, error) {
	unlock, err := s.lock(ctx, c.String())
	if err != nil {
		return nil, false, err
	}
	defer unlock()
	label := ss.labels().ProblemReport
	found, err := ss.issues.FindReport(ctx, label, state, c)
	if err != nil || found != nil {
		return found, false, err
	}
	d := draft()
	issue, err := ss.issues.Create(ctx, d.Title, d.Body, label, problem.NeedsTriage.Label(ss.settings().Stages))
	if err != nil {
		return nil, false, err
	}
	s.filed(string(c.Kind))
	zerolog.Ctx(ctx).Info().Str("cause", c.String()).Int("issue", issue.GetNumber()).Msg("filed a problem report")
	return issue, true, nil
}

// postOnce posts a comment that carries marker unless the app posted one already.
func postOnce(ctx context.Context, ss *session, number int, marker, body string) error {
	have, err := ss.issues.AppComments(ctx, number, marker)
	if err != nil || have[marker] != nil {
		return err
	}
	_, err = ss.issues.Put(ctx, number, nil, body)
	return err
}
