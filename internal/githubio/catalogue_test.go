package githubio_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// The catalogue is read from the base branch at the policy's commit, so the pull request in
// class-a-catalogue-unknown, which adds REQ-150 to the catalogue itself, does not define it.
func TestFetchReadsTheCatalogueFromTheBaseBranch(t *testing.T) {
	fake, client, snap := setup(t, "class-a-catalogue-unknown")
	fake.AddSnapshot(snap)
	// The head has its own copy of the catalogue, with the requirement it claims.
	fake.SetFile(owner, repo, snap.HeadSHA(), "docs/requirements/pump.md", []byte("## REQ-150: Bolus lockout\n"))
	got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, 11)
	if err != nil {
		t.Fatal(err)
	}
	if got.Catalogue == nil || !slices.Equal(slices.Sorted(maps.Keys(got.Catalogue.Files)), []string{"docs/requirements/pump.md"}) {
		t.Fatalf("catalogue %+v, want the one file on the base branch", got.Catalogue)
	}
	if body := string(got.Catalogue.Files["docs/requirements/pump.md"]); !strings.Contains(body, "REQ-101") || strings.Contains(body, "REQ-150") {
		t.Errorf("read the catalogue as\n%s\nwant the base branch's (REQ-101, no REQ-150)", body)
	}
	if got.Catalogue.Incomplete != "" {
		t.Errorf("incomplete: %s", got.Catalogue.Incomplete)
	}
}

func TestReadCatalogueFiles(t *testing.T) {
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	client := newClient(fake)
	fake.AddRepo(owner, repo, "main")
	for path, doc := range map[string]string{
		"docs/requirements/pump.md":        "## REQ-1: Dose limit\n",
		"docs/requirements/alarms/loud.md": "## REQ-2: Alarm volume\n",
		"docs/requirements/notes.txt":      "not a catalogue file\n",
		"docs/guide.md":                    "## REQ-3: not in the catalogue's folder\n",
		"README.md":                        "## REQ-4: at the root\n",
	} {
		fake.SetFile(owner, repo, "main", path, []byte(doc))
	}
	commit := fake.BranchCommit(owner, repo, "main")
	tests := []struct {
		name  string
		globs []string
		want  []string
	}{
		{"one folder", []string{"docs/requirements/*.md"}, []string{"docs/requirements/pump.md"}},
		{"every folder below", []string{"docs/requirements/**/*.md"}, []string{"docs/requirements/alarms/loud.md", "docs/requirements/pump.md"}},
		{"the root", []string{"*.md"}, []string{"README.md"}},
		{"overlapping patterns read each file once", []string{"docs/requirements/*.md", "docs/**/pump.md"}, []string{"docs/requirements/pump.md"}},
		{"a folder that does not exist matches nothing", []string{"specs/*.md"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := githubio.ReadCatalogue(context.Background(), client, owner, repo, commit, &policy.Catalogue{Files: tt.globs, Format: policy.CatalogueMarkdown})
			if err != nil {
				t.Fatal(err)
			}
			if paths := slices.Sorted(maps.Keys(got.Files)); !slices.Equal(paths, tt.want) || got.Incomplete != "" {
				t.Errorf("read %q (incomplete %q), want %q", paths, got.Incomplete, tt.want)
			}
		})
	}
}

// A catalogue past the bounds costs a bounded number of calls and says what it left out.
func TestReadCatalogueBounds(t *testing.T) {
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	client := newClient(fake)
	fake.AddRepo(owner, repo, "main")
	for i := range githubio.MaxCatalogueFiles + 20 {
		fake.SetFile(owner, repo, "main", fmt.Sprintf("reqs/REQ-%03d.md", i), []byte(fmt.Sprintf("## REQ-%d: r\n", i)))
	}
	big := strings.Repeat("x", 900<<10)
	for i := range 6 {
		fake.SetFile(owner, repo, "main", fmt.Sprintf("big/%d.md", i), []byte(big))
	}
	for i := range githubio.MaxCatalogueDirs + 5 {
		fake.SetFile(owner, repo, "main", fmt.Sprintf("deep/d%03d/r.md", i), []byte("## REQ-1\n"))
	}
	commit := fake.BranchCommit(owner, repo, "main")
	tests := []struct {
		name       string
		glob       string
		files      int
		incomplete string
		maxCalls   int
	}{
		{"too many files", "reqs/*.md", githubio.MaxCatalogueFiles, "300 of 320 matching files were read", githubio.MaxCatalogueFiles + 1},
		{"too many bytes", "big/*.md", 4, "2 files were not read: the catalogue's files may hold 4 MiB in all", 5},
		{"too many folders", "deep/**/*.md", githubio.MaxCatalogueDirs - 1, "only 100 folders were listed", 2*githubio.MaxCatalogueDirs + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(fake.Calls())
			got, err := githubio.ReadCatalogue(context.Background(), client, owner, repo, commit, &policy.Catalogue{Files: []string{tt.glob}, Format: policy.CatalogueMarkdown})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Files) != tt.files || got.Incomplete != tt.incomplete {
				t.Errorf("read %d files, incomplete %q; want %d, %q", len(got.Files), got.Incomplete, tt.files, tt.incomplete)
			}
			if calls := len(fake.Calls()) - before; calls > tt.maxCalls {
				t.Errorf("%d calls, want at most %d", calls, tt.maxCalls)
			}
		})
	}
}

func TestReadCatalogueIssues(t *testing.T) {
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	client := newClient(fake)
	fake.AddRepo(owner, repo, "main")
	for i := 1; i <= 130; i++ {
		label := "requirement"
		if i%10 == 0 {
			label = "bug"
		}
		state := "open"
		if i%3 == 0 {
			state = "closed"
		}
		fake.AddIssue(owner, repo, &github.Issue{Number: github.Int(i), Title: github.String(fmt.Sprintf("REQ-%d: r", i)), State: github.String(state),
			Labels: []*github.Label{{Name: github.String(label)}}})
	}
	cat := &policy.Catalogue{IssueLabel: "requirement"}
	got, err := githubio.ReadCatalogue(context.Background(), client, owner, repo, "", cat)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Issues) != 117 || got.Incomplete != "" {
		t.Errorf("read %d issues (incomplete %q), want the 117 labelled ones, open and closed, over two pages", len(got.Issues), got.Incomplete)
	}
	fake.InjectFault(githubfake.Fault{Endpoint: "GET /repos/{owner}/{repo}/issues", Status: 403, Times: 1})
	got, err = githubio.ReadCatalogue(context.Background(), client, owner, repo, "", cat)
	if err != nil || got.Incomplete != "the app may not read the issues of acme-medical/infusion-pump" || len(got.Issues) != 0 {
		t.Errorf("on 403: %+v, %v; want an incomplete, empty catalogue", got, err)
	}
	fake.InjectFault(githubfake.Fault{Endpoint: "GET /repos/{owner}/{repo}/issues", Status: 502, Times: 1})
	if _, err := githubio.ReadCatalogue(context.Background(), client, owner, repo, "", cat); err == nil || !strings.Contains(err.Error(), `list issues labelled "requirement" in acme-medical/infusion-pump`) {
		t.Errorf("on 502: %v, want an error naming the read", err)
	}
}
