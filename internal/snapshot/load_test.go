package snapshot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixturesLoadAndAgree reads every committed snapshot and checks the facts that tie its
// files together, so a hand edit cannot leave a fixture GitHub would never return.
func TestFixturesLoadAndAgree(t *testing.T) {
	snapshots, _ := filepath.Glob("../../testdata/snapshots/*")
	story, _ := filepath.Glob("../demo/story/*")
	var dirs []string
	for _, d := range append(snapshots, story...) {
		if info, err := os.Stat(d); err == nil && info.IsDir() {
			dirs = append(dirs, d)
		}
	}
	if len(dirs) < 15 {
		t.Fatalf("found only %d snapshot directories: the globs above should find the snapshots under testdata and the demo's story states", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			s, err := LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			commits := map[string]bool{}
			for _, c := range s.Commits {
				commits[c.GetSHA()] = true
			}
			if !commits[s.HeadSHA()] {
				t.Errorf("head %s is not among the PR's commits", s.HeadSHA())
			}
			for _, r := range s.Reviews {
				if !commits[r.GetCommitID()] {
					t.Errorf("review %d is on %s, not a commit of the PR", r.GetID(), r.GetCommitID())
				}
			}
			for _, run := range s.CheckRuns {
				if run.GetHeadSHA() != s.HeadSHA() {
					t.Errorf("check run %q is on %s, not the head", run.GetName(), run.GetHeadSHA())
				}
			}
			if s.Pull.GetChangedFiles() != len(s.Files) {
				t.Errorf("pull.json says %d changed files, files.json has %d", s.Pull.GetChangedFiles(), len(s.Files))
			}
		})
	}
}

func TestLoadDirErrors(t *testing.T) {
	valid, err := os.ReadFile("../../testdata/snapshots/class-a-pass/pull.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"missing pull.json", map[string]string{"files.json": "[]"}, "pull.json: no such file"},
		{"malformed JSON", map[string]string{"pull.json": "{\n  \"number\": 1,\n  oops\n}"}, "pull.json: line 3, column 3: malformed JSON"},
		{"wrong type", map[string]string{"pull.json": `{"number": "one"}`}, `pull.json: line 1, column 17: field "number": want int, got JSON string`},
		{"null pull", map[string]string{"pull.json": "null", "files.json": "[]", "commits.json": "[]", "reviews.json": "[]"}, "want a pull request object, got null"},
		{"bad issue file name", map[string]string{"pull.json": string(valid), "files.json": "[]", "commits.json": "[]", "reviews.json": "[]", "issues/twelve.json": "{}"},
			"issues/twelve.json: file name must be an issue number"},
		{"nested team file", map[string]string{"pull.json": string(valid), "files.json": "[]", "commits.json": "[]", "reviews.json": "[]", "teams/a/b.json": "[]"},
			"want teams/SLUG.json"},
		{"trailing garbage", map[string]string{"pull.json": string(valid), "files.json": "[] []", "commits.json": "[]", "reviews.json": "[]"}, `files.json: line 1, column 4: malformed JSON: "[]" after the response's value`},
		{"stray closing bracket", map[string]string{"pull.json": string(valid), "files.json": "[]", "commits.json": "[]", "reviews.json": "[]\n]\n"}, `reviews.json: line 2, column 1: malformed JSON: "]\n" after the response's value`},
		{"stray bracket on the same line", map[string]string{"pull.json": string(valid), "files.json": "[]", "commits.json": "[]", "reviews.json": "[] ]"}, `reviews.json: line 1, column 4: malformed JSON: "]" after the response's value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := LoadDir(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), dir) {
				t.Errorf("error = %v, want it to name the directory and contain %q", err, tt.want)
			}
		})
	}
}

func TestIssueRefs(t *testing.T) {
	s, err := LoadDir("../../testdata/snapshots/class-b-pass")
	if err != nil {
		t.Fatal(err)
	}
	ref := IssueRef{Owner: "acme-medical", Repo: "infusion-pump", Number: 41}
	if s.Issues[ref] == nil {
		t.Errorf("issue %s not loaded; have %v", ref, s.Issues)
	}
	if got, err := ParseIssueRef("acme-medical/infusion-pump#41"); err != nil || got != ref {
		t.Errorf("ParseIssueRef = %v, %v", got, err)
	}
	for _, bad := range []string{"#41", "a/b#", "a/b#0", "ab#1"} {
		if _, err := ParseIssueRef(bad); err == nil {
			t.Errorf("ParseIssueRef(%q) succeeded", bad)
		}
	}
}

func TestConfigBlobIsGitsHashObject(t *testing.T) {
	// printf 'version: 1\n' | git hash-object --stdin
	s := &Snapshot{Config: []byte("version: 1\n")}
	if got, want := s.ConfigBlob(), "b82551848c644f63b8517a7bdf8be9a992e6f4da"; got != want {
		t.Errorf("ConfigBlob = %s, want %s", got, want)
	}
	if (&Snapshot{}).ConfigBlob() != "" {
		t.Error("no policy file has a blob SHA")
	}
}
