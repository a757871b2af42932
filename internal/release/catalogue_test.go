package release

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/catalogue"
	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

const cataloguePolicy = policyFile + `rules:
  traceability:
    catalogue:
      files: ["docs/requirements/*.md"]
`

// The catalogue at the release's last commit titles the matrix's requirements and lists those
// no change touched, in every format.
func TestReleaseRecordWithACatalogue(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	seedHistory(fake)
	to := sha("squash13")
	fake.SetFile(owner, repo, to, ".github/iec62304.yml", []byte(cataloguePolicy))
	fake.SetFile(owner, repo, to, "docs/requirements/pump.md", []byte("# Pump\n\n## REQ-7: Occlusion alarm\n\n## REQ-8: Battery warning | low\n\n## REQ-9\n\n## REQ-7: Again\n"))
	// Defined only after the release: not part of it.
	fake.SetFile(owner, repo, "main", "docs/requirements/pump.md", []byte("## REQ-7: Occlusion alarm\n## REQ-10: Later\n"))
	rec, err := Generate(context.Background(), client(t, fake), githubio.NewReader(), Request{
		Owner: owner, Repo: repo, From: "v1.0", To: "main", BotVersion: "v1.0.0-test", Records: recordedPass(t),
		Now: func() time.Time { return t0.Add(48 * time.Hour) }, Calls: func() int { return len(fake.Calls()) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Requirements) != 1 || rec.Requirements[0].Title != "Occlusion alarm" {
		t.Fatalf("traceability = %+v; want REQ-7 titled Occlusion alarm", rec.Requirements)
	}
	c := rec.Catalogue
	var untouched []string
	for _, r := range c.NotTouched {
		untouched = append(untouched, r.ID)
	}
	if c.Requirements != 3 || !slices.Equal(untouched, []string{"REQ-8", "REQ-9"}) || len(c.Problems) != 1 {
		t.Fatalf("catalogue = %+v; want 3 requirements, REQ-8 and REQ-9 not touched, REQ-7 defined twice", c)
	}
	golden(t, "release-catalogue.md", []byte(Markdown(rec)))
	csvOut, err := CSV(rec)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "release-catalogue.csv", csvOut)
	jsonOut, err := JSON(rec)
	if err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Requirements []Trace   `json:"requirements"`
		Catalogue    Catalogue `json:"catalogue"`
	}
	if err := json.Unmarshal(jsonOut, &decoded); err != nil || decoded.Requirements[0].Title != "Occlusion alarm" || len(decoded.Catalogue.NotTouched) != 2 {
		t.Errorf("JSON: %v, %+v", err, decoded)
	}
	html, err := HTML(rec)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<td>Occlusion alarm</td>", "Requirements not touched in this range", "<td><code>REQ-8</code></td><td>Battery warning | low</td>", "docs/requirements/*.md (Markdown headings)"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

// A requirement issue is touched by a link to it as much as by its ID.
func TestRequirementIssueTouchedByItsLink(t *testing.T) {
	at := &CatalogueAt{Where: "issues labelled `requirement`", Defined: mustDefine(t, "#41", "REQ-41: Alarm", "#42", "REQ-42: Battery")}
	traces := []Trace{{Requirement: "#41", Pulls: []int{5}}}
	c := withCatalogue(at, traces)
	if traces[0].Title != "Alarm" || len(c.NotTouched) != 1 || c.NotTouched[0].ID != "REQ-42" {
		t.Errorf("traces %+v, not touched %+v; want #41 titled Alarm, REQ-42 not touched", traces, c.NotTouched)
	}
}

// mustDefine is a catalogue of requirement issues, given as number and title pairs.
func mustDefine(t *testing.T, pairs ...string) *catalogue.Defined {
	t.Helper()
	var issues []*github.Issue
	for i := 0; i+1 < len(pairs); i += 2 {
		n, _ := strconv.Atoi(strings.TrimPrefix(pairs[i], "#"))
		issues = append(issues, &github.Issue{Number: github.Int(n), Title: github.String(pairs[i+1]), Labels: []*github.Label{{Name: github.String("requirement")}}})
	}
	return catalogue.FromIssues(regexp.MustCompile(`REQ-[0-9]+`), "requirement", issues)
}
