package release

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	goldenfile "github.com/iec62304-bot/iec62304-bot/internal/golden"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
)

const policyFile = `version: 1
default_class: C
systems:
  - name: dose-calculation
    class: C
    paths: ["dose/**"]
`

// newStore is an empty records database; a test's needs no durability, so SQLite skips fsync.
func newStore(t *testing.T) *records.Store {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "r.db")+"?_pragma=synchronous(off)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store := records.New(db, records.SQLite)
	if err := store.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return store
}

// recordedPass stores a passing merge-time evaluation of #11, as the app would have.
func recordedPass(t *testing.T) *records.Store {
	t.Helper()
	store := newStore(t)
	result := &policy.Result{Class: policy.ClassC, Verdict: policy.VerdictPass, Rules: []policy.RuleResult{
		{ID: "traceability", Status: policy.StatusPass, Evidence: policy.Evidence{
			RequirementIDs: []policy.RequirementID{{ID: "REQ-7", FoundIn: "title"}},
			Issues:         []policy.LinkedIssue{{Ref: "#4", Kind: policy.KindChangeRequest, Counts: true}},
		}},
		{ID: "reviews", Status: policy.StatusPass, Evidence: policy.Evidence{Reviewers: []policy.Reviewer{
			{Login: "erin", State: "APPROVED", Counts: true}, {Login: "dana", State: "APPROVED", Problem: policy.ReviewByAuthor}}}},
		{ID: "test-evidence", Status: policy.StatusPass, Evidence: policy.Evidence{TestFiles: []policy.File{{Path: "dose/alarm_test.go"}},
			Checks: []policy.Check{{Name: "build-and-test", State: "success", Outcome: policy.StatusPass}}}},
		{ID: "risk-impact", Status: policy.StatusPass, Evidence: policy.Evidence{Risk: &policy.Risk{Labels: []string{"risk:low"}, Records: []string{"RISK-42"}}}},
	}}
	if _, err := store.Append(context.Background(), records.Record{Repo: owner + "/" + repo, Number: 11, HeadSHA: sha("b11b"),
		At: t0.Add(30 * time.Minute), Trigger: records.TriggerMerge, Class: "C", Verdict: "pass", Result: result}); err != nil {
		t.Fatal(err)
	}
	return store
}

// TestReleaseRecord builds the record of a range holding a squash merge, a direct push, a
// merge commit, a rebase merge and a revert, with one merge recorded by the app and a problem
// report filed for a failing merge.
func TestReleaseRecord(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	seedHistory(fake)
	fake.SetFile(owner, repo, sha("squash13"), ".github/iec62304.yml", []byte(policyFile))
	fake.SetFile(owner, repo, "main", ".github/iec62304.yml", []byte(policyFile))
	fake.SetFile(owner, repo, sha("squash13"), "docs/soup.md", []byte("| go.yaml.in/yaml/v4 | v4.0.0 |\n| modernc.org/sqlite | v1.62.0 |\n"))
	fake.SetFile(owner, repo, sha("v1"), "docs/soup.md", []byte("| go.yaml.in/yaml/v4 | v4.0.0 |\n"))
	fake.AddIssue(owner, repo, report(20, t0.Add(11*time.Minute), nil, problem.MergeCause(owner+"/"+repo, 10).Marker()+"\n### Criticality\n\nsafety\n"))
	fake.ResetCalls()

	rec, err := Generate(context.Background(), client(t, fake), githubio.NewReader(), Request{
		Owner: owner, Repo: repo, From: "v1.0", To: "main", BotVersion: "v1.0.0-test", Records: recordedPass(t),
		Now: func() time.Time { return t0.Add(48 * time.Hour) }, Calls: func() int { return len(fake.Calls()) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Changes) != 4 || rec.Changes[1].Basis != BasisRecorded || rec.Changes[0].Basis != BasisFresh {
		t.Fatalf("changes = %+v; want 4, #11 from its record, the rest evaluated now", rec.Changes)
	}
	var kinds []string
	for _, d := range rec.Deviations {
		kinds = append(kinds, d.Kind)
	}
	if len(rec.Deviations) != 4 || rec.Deviations[0].Kind != DeviationDirectPush || rec.Deviations[1].Number != 10 || rec.Deviations[1].Report != 20 {
		t.Fatalf("deviations = %+v; want the direct push, then #10 (with report #20), #12, #13 merged without a pass", rec.Deviations)
	}
	if len(rec.Requirements) != 1 || rec.Requirements[0].Requirement != "REQ-7" || rec.Requirements[0].Pulls[0] != 11 {
		t.Fatalf("traceability = %+v; want REQ-7 traced by #11", rec.Requirements)
	}
	if len(rec.Anomalies) != 1 || rec.Anomalies[0].Number != 20 {
		t.Fatalf("anomalies = %+v; want #20", rec.Anomalies)
	}
	if strings.Join(rec.SOUP.Added, ",") != "| modernc.org/sqlite | v1.62.0 |" || len(rec.SOUP.Removed) != 0 {
		t.Fatalf("SOUP = %+v", rec.SOUP)
	}
	if rec.APICalls == 0 {
		t.Fatal("the record does not say how many API calls it made")
	}
	golden(t, "release.md", []byte(Markdown(rec)))
	out, err := CSV(rec)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "release.csv", out)
}

// A spreadsheet opens the CSV cleanly: UTF-8 with a byte-order mark, CRLF rows of one width
// under a header, and no cell it would run as a formula.
func TestCSVOpensCleanlyInASpreadsheet(t *testing.T) {
	rec := &Record{Changes: []Change{{Merged: Merged{Number: 5, Title: `=HYPERLINK("http://evil.example","Dosé, "quoted"")`, MergedBy: "@erin"}, Requirements: []string{"REQ-1", "REQ-2"}}},
		Deviations: []Deviation{{Kind: DeviationDirectPush, SHA: "abc", What: "+cmd|' /C calc'!A0", Who: "mo"}}}
	out, err := CSV(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("\ufeff")) || !bytes.Contains(out, []byte("\r\n")) {
		t.Fatalf("CSV lacks the BOM or CRLF line ends: %q", out)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse as RFC 4180: %v", err)
	}
	if len(rows) != 3 || rows[0][0] != "kind" || len(rows[1]) != len(rows[0]) || len(rows[2]) != len(rows[0]) {
		t.Fatalf("rows = %q", rows)
	}
	if rows[1][2] != `'=HYPERLINK("http://evil.example","Dosé, "quoted"")` || rows[1][5] != "'@erin" || rows[2][2] != "'+cmd|' /C calc'!A0" {
		t.Fatalf("formula cells not defused: %q", rows)
	}
	if rows[1][10] != "REQ-1; REQ-2" {
		t.Fatalf("requirements cell = %q", rows[1][10])
	}
}

func TestEmptyRangeRecord(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	seedHistory(fake)
	rec, err := Generate(context.Background(), client(t, fake), githubio.NewReader(), Request{Owner: owner, Repo: repo, From: "main", To: "main"})
	if err != nil {
		t.Fatal(err)
	}
	md := Markdown(rec)
	for _, want := range []string{"**Every change followed the process**: 0 pull requests", "No pull request was merged in this range.", "There is no SOUP list"} {
		if !strings.Contains(md, want) {
			t.Errorf("empty range record lacks %q:\n%s", want, md)
		}
	}
	if _, err := HTML(rec); err != nil {
		t.Fatal(err)
	}
}

func TestHTMLEscapesGitHubText(t *testing.T) {
	rec := &Record{Repo: "acme/pump", Changes: []Change{{Merged: Merged{Number: 5, Title: `<script>alert(1)</script>`}, Approvers: []string{"<b>x</b>"}}}}
	out, err := HTML(rec)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("<script>alert")) || bytes.Contains(out, []byte("<b>x</b>")) {
		t.Fatalf("HTML lets GitHub text through unescaped:\n%s", out)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}
