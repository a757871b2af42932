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
	invalidDraft := loadSnap(t, "policy-change-invalid")
	invalidDraft.Pull.Draft = github.Bool(true)
	tests := []struct {
		name                      string
		snap                      *snapshot.Snapshot
		kind                      Kind
		status, conclusion, title string
		// heading follows "### IEC 62304" in the summary comment; every judgement keeps an existing comment true.
		heading         string
		createIfMissing bool
	}{
		{"pass", loadSnap(t, "class-c-pass"), KindEvaluated, "completed", "success", "Class C: all 5 rules pass", ": ✅ Class C", true},
		{"fail", loadSnap(t, "class-c-fail"), KindEvaluated, "completed", "failure", "Class C: 3 of 5 rules failing", ": ❌ Class C", true},
		{"pending is in progress", loadSnap(t, "class-c-pending"), KindEvaluated, "in_progress", "", "Class C: 1 of 5 rules pending", ": ⏳ Class C", true},
		{"no policy is neutral, never starts a comment", loadSnap(t, "not-configured"), KindNotConfigured, "completed", "neutral", "Not configured: no .github/iec62304.yml", ": Not configured", false},
		{"broken policy fails closed", loadSnap(t, "broken-config"), KindConfigError, "completed", "failure", "Configuration error in ../../testdata/snapshots/broken-config/config.yml", ": Configuration error", false},
		{"a valid proposed policy lists the deviations it adds", loadSnap(t, "policy-change"), KindEvaluated, "completed", "success", "Class C: all 5 rules pass",
			": ✅ Class C: all 5 rules pass\n\n**This pull request changes `.github/iec62304.yml`**", true},
		{"an invalid proposed policy fails the check", loadSnap(t, "policy-change-invalid"), KindEvaluated, "completed", "failure",
			"Proposed policy invalid (base policy: Class C: all 5 rules pass)", ": ❌ Proposed policy invalid (base policy: Class C: all 5 rules pass)\n\n❌ **This pull request changes `.github/iec62304.yml`, and the proposed file is invalid**", true},
		{"an invalid proposed policy fails a draft too", invalidDraft, KindDraft, "completed", "failure",
			"Proposed policy invalid (base policy: Draft: evaluated when ready for review)", ": Proposed policy invalid (base policy: Draft", false},
		{"draft is neutral", draft, KindDraft, "completed", "neutral", "Draft: evaluated when ready for review", ": Draft", false},
		{"on-failure keeps but never starts a comment on a pass", withMode("class-c-pass", "on-failure"), KindEvaluated, "completed", "success", "Class C: all 5 rules pass", ": ✅ Class C", false},
		{"on-failure starts a comment on a failure", withMode("class-c-fail", "on-failure"), KindEvaluated, "completed", "failure", "Class C: 3 of 5 rules failing", ": ❌ Class C", true},
		{"never starts a comment, and turns an old one off", withMode("class-c-fail", "never"), KindEvaluated, "completed", "failure", "Class C: 3 of 5 rules failing", "\n\nSummary comments are turned off", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := Judge(tt.snap, "https://bot.example/x", "v0.0.0-test")
			run := j.Outcome.CheckRun
			if j.Kind != tt.kind || run.Status != tt.status || run.Conclusion != tt.conclusion || run.Title != tt.title {
				t.Errorf("judged %s %s/%s %q; want %s %s/%s %q", j.Kind, run.Status, run.Conclusion, run.Title, tt.kind, tt.status, tt.conclusion, tt.title)
			}
			c := j.Outcome.Comment
			if c == nil || !strings.HasPrefix(c.Body, "<!-- iec62304-bot:summary -->\n### IEC 62304"+tt.heading) || c.CreateIfMissing != tt.createIfMissing {
				t.Errorf("comment %+v; want heading %q, createIfMissing=%v", c, tt.heading, tt.createIfMissing)
			}
			if run.DetailsURL != "https://bot.example/x" {
				t.Errorf("details URL %q", run.DetailsURL)
			}
			if run.HeadSHA != tt.snap.HeadSHA() || !strings.HasSuffix(run.ExternalID, "#"+strconv.Itoa(tt.snap.Pull.GetNumber())) {
				t.Errorf("check run on %s with external id %q", run.HeadSHA, run.ExternalID)
			}
		})
	}
}
