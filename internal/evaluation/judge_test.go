package evaluation

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

func loadSnap(t *testing.T, name string) *snapshot.Snapshot {
	t.Helper()
	s, err := snapshot.LoadDir("../../testdata/snapshots/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJudge(t *testing.T) {
	withMode := func(name, mode string) *snapshot.Snapshot {
		s := loadSnap(t, name)
		s.Config = append(s.Config, []byte("summary_comment: "+mode+"\n")...)
		return s
	}
	draft := loadSnap(t, "class-c-pass")
	draft.Pull.Draft = github.Bool(true)
	tests := []struct {
		name                      string
		snap                      *snapshot.Snapshot
		kind                      Kind
		status, conclusion, title string
		comment, createIfMissing  bool
	}{
		{"pass", loadSnap(t, "class-c-pass"), KindEvaluated, "completed", "success", "Class C: all 5 rules pass", true, true},
		{"fail", loadSnap(t, "class-c-fail"), KindEvaluated, "completed", "failure", "Class C: 3 of 5 rules failing", true, true},
		{"pending is in progress", loadSnap(t, "class-c-pending"), KindEvaluated, "in_progress", "", "Class C: 1 of 5 rules pending", true, true},
		{"no policy is neutral, without comment", loadSnap(t, "not-configured"), KindNotConfigured, "completed", "neutral", "Not configured: no .github/iec62304.yml", false, false},
		{"broken policy fails closed", loadSnap(t, "broken-config"), KindConfigError, "completed", "failure", "Configuration error in .github/iec62304.yml", false, false},
		{"draft is neutral", draft, KindDraft, "completed", "neutral", "Draft: evaluated when ready for review", false, false},
		{"on-failure keeps but never starts a comment on a pass", withMode("class-c-pass", "on-failure"), KindEvaluated, "completed", "success", "Class C: all 5 rules pass", true, false},
		{"on-failure starts a comment on a failure", withMode("class-c-fail", "on-failure"), KindEvaluated, "completed", "failure", "Class C: 3 of 5 rules failing", true, true},
		{"never comments", withMode("class-c-fail", "never"), KindEvaluated, "completed", "failure", "Class C: 3 of 5 rules failing", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := Judge(tt.snap, "https://bot.example/x")
			run := j.Outcome.CheckRun
			if j.Kind != tt.kind || run.Status != tt.status || run.Conclusion != tt.conclusion || run.Title != tt.title {
				t.Errorf("judged %s %s/%s %q; want %s %s/%s %q", j.Kind, run.Status, run.Conclusion, run.Title, tt.kind, tt.status, tt.conclusion, tt.title)
			}
			if (j.Outcome.Comment != nil) != tt.comment || (j.Outcome.Comment != nil && j.Outcome.Comment.CreateIfMissing != tt.createIfMissing) {
				t.Errorf("comment %+v; want present=%v createIfMissing=%v", j.Outcome.Comment, tt.comment, tt.createIfMissing)
			}
			if run.HeadSHA != tt.snap.HeadSHA() || !strings.HasSuffix(run.ExternalID, "#"+strconv.Itoa(tt.snap.Pull.GetNumber())) {
				t.Errorf("check run on %s with external id %q", run.HeadSHA, run.ExternalID)
			}
		})
	}
}
