package webhook

import (
	"context"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
)

// IssueComment files the problem report a new `/problem-report <title>` comment asks for, on
// an issue or a pull request, and keeps a problem report's or change request's status up to
// date when it is commented on. Comments by bots (the app's own among them) are ignored.
type IssueComment struct {
	Reports Reporter
}

// Handles implements delivery.Handler.
func (h *IssueComment) Handles() []string { return []string{"issue_comment"} }

// Handle implements delivery.Handler.
func (h *IssueComment) Handle(ctx context.Context, d *delivery.Delivery) error {
	event, err := delivery.PayloadOf[*github.IssueCommentEvent](d)
	if err != nil {
		return err
	}
	c := event.GetComment()
	if isBot(c.GetUser()) || isBot(event.GetSender()) {
		return ignore(ctx, d.Event, event.GetAction())
	}
	r, number := repoOf(event.GetInstallation(), event.GetRepo()), event.GetIssue().GetNumber()
	if event.GetAction() == "created" && reporting.IsCommand(c.GetBody()) {
		return h.Reports.Command(ctx, r, reporting.CommandComment{Number: number, ID: c.GetID(), Body: c.GetBody(),
			Author: c.GetUser().GetLogin(), URL: c.GetHTMLURL()})
	}
	if event.GetIssue().IsPullRequest() {
		return ignore(ctx, d.Event, event.GetAction())
	}
	return h.Reports.Refresh(ctx, r, number)
}

var _ delivery.Handler = &IssueComment{}
