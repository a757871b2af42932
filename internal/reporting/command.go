package reporting

import (
	"context"
	"fmt"
	"slices"

	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// CommandComment is a new comment that may be a /problem-report command.
type CommandComment struct {
	// Number is the issue or pull request it was written on.
	Number int
	ID     int64
	Body   string
	Author string
	URL    string
}

// IsCommand reports whether a comment asks for a report.
func IsCommand(body string) bool {
	_, _, ok := problem.ParseCommand(body, "")
	return ok
}

// Command files the report a /problem-report comment asks for (9.1), linking back to where it
// was asked, and answers with its link; someone below the configured permission gets one
// short reply naming who may, and nothing is filed.
func (s *Service) Command(ctx context.Context, r Repo, cmd CommandComment) error {
	where := fmt.Sprintf("#%d", cmd.Number)
	title, description, ok := problem.ParseCommand(cmd.Body, where)
	if !ok {
		return nil
	}
	ss, err := s.open(ctx, r)
	if ss == nil || err != nil || !ss.settings().Triggers.Command {
		return err
	}
	c := problem.CommandCause(r.String(), cmd.ID)
	marker := problem.CommandReplyMarker(cmd.ID)
	need := ss.settings().CommandPermission
	role, err := ss.issues.Role(ctx, cmd.Author)
	if err != nil {
		return err
	}
	if rank(role) < rank(need) {
		if s.Observer != nil {
			s.Observer.CommandRefused()
		}
		return s.reply(ctx, ss, c, cmd.Number, marker, problem.CommandRefusal(cmd.ID, cmd.Author, need))
	}
	issue, created, err := s.fileOnce(ctx, ss, c, "all", func() problem.Draft {
		return problem.CommandReport(problem.Command{Repo: r.String(), CommentID: cmd.ID, Title: title, Description: description,
			Author: cmd.Author, Where: where, URL: cmd.URL})
	})
	if err != nil {
		return err
	}
	if created {
		if err := s.refreshLocked(ctx, ss, issue, nil); err != nil {
			return err
		}
	}
	return s.reply(ctx, ss, c, cmd.Number, marker, problem.CommandReply(cmd.ID, cmd.Author, issue.GetHTMLURL(), issue.GetNumber()))
}

// reply answers a command once, under a guard of its own: two deliveries of one command
// must not both find no answer and both post one.
func (s *Service) reply(ctx context.Context, ss *session, c problem.Cause, number int, marker, body string) error {
	unlock, err := s.lock(ctx, c.String()+"/reply")
	if err != nil {
		return err
	}
	defer unlock()
	return postOnce(ctx, ss, number, marker, body)
}

// rank orders repository roles; "none" and unknown roles rank below read.
func rank(role string) int { return slices.Index(policyfile.Permissions, role) }
