package render_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	goldenfile "github.com/iec62304-bot/iec62304-bot/internal/golden"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

const snapshotsDir = "../../testdata/snapshots"

// TestPostedOutputGolden pins, byte for byte, what the app posts for every snapshot in
// testdata/snapshots: the check run (status, title, summary, text) and the summary comment.
// It goes through evaluation.Judge, so it covers the neutral and broken-policy paths too.
// A new snapshot is picked up by itself; run with -update to write its golden file.
func TestPostedOutputGolden(t *testing.T) {
	entries, err := os.ReadDir(snapshotsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			// Named as from the repository's root, so messages do not depend on where tests run.
			snap, err := snapshot.LoadFS(os.DirFS(filepath.Join(snapshotsDir, e.Name())), "testdata/snapshots/"+e.Name())
			if err != nil {
				t.Fatal(err)
			}
			if snap.Config != nil { // as the service reads it: at a commit of the base branch
				snap.ConfigSource, snap.ConfigCommit = "acme-medical/infusion-pump@main", "5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f"
			}
			j := evaluation.Judge(snap, "https://bot.example/repos/acme-medical/infusion-pump/pulls/1", "v1.2.0 (commit 1643b4bc0f6a1d4a3b8c0a1e2f3d4c5b6a7e8f90, committed 2026-11-20T10:00:00Z)")
			golden(t, filepath.Join("testdata", "posted", e.Name()+".md"), posted(j.Outcome))
		})
	}
}

// posted lays out one outcome as a readable document, so a golden diff reads like a review.
func posted(out githubio.Outcome) string {
	run := out.CheckRun
	var b strings.Builder
	b.WriteString("<!-- check run: status " + run.Status + ", conclusion " + run.Conclusion + " -->\n")
	b.WriteString("<!-- title -->\n" + run.Title + "\n")
	b.WriteString("<!-- summary -->\n" + run.Summary + "\n")
	b.WriteString("<!-- text -->\n" + run.Text + "\n")
	if out.Comment == nil {
		b.WriteString("<!-- no comment -->\n")
		return b.String()
	}
	fmt.Fprintf(&b, "<!-- comment (posted when missing: %t) -->\n%s", out.Comment.CreateIfMissing, out.Comment.Body)
	return b.String()
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	goldenfile.Check(t, path, []byte(got))
}
