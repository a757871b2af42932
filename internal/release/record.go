package release

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
)

// Record is the release record: everything an auditor asks of one release, in one value that
// every format (Markdown, HTML, CSV, JSON) words.
type Record struct {
	Repo        string    `json:"repo"`
	From        Ref       `json:"from"`
	To          Ref       `json:"to"`
	GeneratedAt time.Time `json:"generated_at"`
	BotVersion  string    `json:"bot_version"`
	// Changes are the pull requests merged in the range, in merge order.
	Changes []Change `json:"changes"`
	// Deviations are the changes that did not follow the process: direct pushes and pull
	// requests merged without a passing verdict.
	Deviations []Deviation `json:"deviations"`
	// Requirements maps each requirement the range touched to the pull requests that trace to
	// it; the other direction is each Change's Requirements.
	Requirements []Trace `json:"requirements"`
	// Catalogue is the requirement catalogue at the release, with the requirements no change
	// touched; nil when the policy names none.
	Catalogue *Catalogue  `json:"catalogue,omitempty"`
	Anomalies []Anomaly   `json:"known_anomalies"`
	SOUP      SOUPChanges `json:"soup"`
	// APICalls is how many GitHub API requests the report made.
	APICalls int `json:"api_calls"`
}

// Change is one merged pull request as the release record shows it.
type Change struct {
	Merged
	Basis   Basis  `json:"basis"`
	Class   string `json:"class"`
	Verdict string `json:"verdict"`
	// Requirements are the requirement IDs and requirement issues it traces to.
	Requirements   []string `json:"requirements"`
	ChangeRequests []string `json:"change_requests"`
	ProblemReports []string `json:"problem_reports"`
	Approvers      []string `json:"approvers"`
	TestFiles      []string `json:"test_files"`
	Checks         []string `json:"checks"`
	RiskLabels     []string `json:"risk_labels"`
	RiskRecords    []string `json:"risk_records"`
	SOUPManifests  []string `json:"soup_manifests"`
	// Problem says why the change has no verdict.
	Problem string `json:"problem,omitempty"`
}

// Deviation is one change that did not follow the process.
type Deviation struct {
	// Kind is "direct push" or "merged without a passing verdict".
	Kind string `json:"kind"`
	// Number is the pull request, 0 for a direct push.
	Number int    `json:"number,omitempty"`
	SHA    string `json:"sha"`
	What   string `json:"what"`
	Who    string `json:"who"`
	URL    string `json:"url"`
	// Report is the problem report filed for it, 0 when there is none.
	Report int `json:"problem_report,omitempty"`
}

// Deviation kinds.
const (
	DeviationDirectPush = "direct push"
	DeviationNotPassing = "merged without a passing verdict"
)

// Trace is one requirement and the pull requests that trace to it.
type Trace struct {
	Requirement string `json:"requirement"`
	// Title is the requirement's title in the catalogue, when it defines it.
	Title string `json:"title,omitempty"`
	Pulls []int  `json:"pulls"`
}

// Inputs is what Build puts together.
type Inputs struct {
	Range      *Range
	Verdicts   map[int]Judged // by pull request number
	Reports    []*github.Issue
	Policy     *policy.Policy // at the release
	Catalogue  *CatalogueAt   // at the release; nil when the policy names none
	SOUP       SOUPChanges
	Generated  time.Time
	BotVersion string
	APICalls   int
}

// Build assembles the release record. Pure: every read happened before.
func Build(in Inputs) *Record {
	rg := in.Range
	rec := &Record{
		Repo: rg.Owner + "/" + rg.Repo, From: rg.From, To: rg.To, GeneratedAt: in.Generated, BotVersion: in.BotVersion,
		Changes: []Change{}, Deviations: []Deviation{}, Requirements: []Trace{}, SOUP: in.SOUP, APICalls: in.APICalls,
		Anomalies: KnownAnomalies(in.Reports, in.Policy.Config, rg.To.Date),
	}
	for _, c := range rg.DirectPushes {
		rec.Deviations = append(rec.Deviations, Deviation{Kind: DeviationDirectPush, SHA: c.SHA, What: c.Message, Who: c.Author, URL: c.URL})
	}
	for _, m := range rg.Merged {
		ch := changeOf(m, in.Verdicts[m.Number])
		rec.Changes = append(rec.Changes, ch)
		if ch.Verdict != string(policy.VerdictPass) {
			rec.Deviations = append(rec.Deviations, Deviation{
				Kind: DeviationNotPassing, Number: m.Number, SHA: m.MergeSHA, What: m.Title, Who: m.MergedBy, URL: m.URL,
				Report: reportFor(in.Reports, problem.MergeCause(rec.Repo, m.Number)),
			})
		}
	}
	rec.Requirements = traces(rec.Changes)
	rec.Catalogue = withCatalogue(in.Catalogue, rec.Requirements)
	return rec
}

func changeOf(m Merged, j Judged) Change {
	ch := Change{Merged: m, Basis: j.Basis, Verdict: "none", Problem: j.Problem}
	if j.Result == nil {
		return ch
	}
	if j.Basis != BasisNone {
		ch.Verdict = string(j.Result.Verdict)
	}
	ch.Class = string(j.Result.Class)
	for _, rule := range j.Result.Rules {
		ch.addEvidence(rule.Evidence)
	}
	return ch
}

// addEvidence files a rule's evidence under the record's columns.
func (ch *Change) addEvidence(e policy.Evidence) {
	for _, id := range e.RequirementIDs {
		ch.Requirements = appendNew(ch.Requirements, id.ID)
	}
	for _, is := range e.Issues {
		if !is.Counts {
			continue
		}
		switch is.Kind {
		case policy.KindRequirement:
			ch.Requirements = appendNew(ch.Requirements, is.Ref)
		case policy.KindChangeRequest:
			ch.ChangeRequests = appendNew(ch.ChangeRequests, is.Ref)
		case policy.KindProblemReport:
			ch.ProblemReports = appendNew(ch.ProblemReports, is.Ref)
		}
	}
	for _, r := range e.Reviewers {
		if r.Counts {
			ch.Approvers = appendNew(ch.Approvers, r.Login)
		}
	}
	for _, f := range e.TestFiles {
		ch.TestFiles = appendNew(ch.TestFiles, f.Path)
	}
	for _, c := range e.Checks {
		ch.Checks = appendNew(ch.Checks, c.Name+": "+c.State)
	}
	if e.Risk != nil {
		ch.RiskLabels = append(ch.RiskLabels, e.Risk.Labels...)
		ch.RiskRecords = append(ch.RiskRecords, e.Risk.Records...)
	}
	if e.SOUP != nil {
		ch.SOUPManifests = append(ch.SOUPManifests, e.SOUP.Manifests...)
	}
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// traces inverts the changes' requirements: requirement → pull requests, sorted by
// requirement.
func traces(changes []Change) []Trace {
	by := map[string][]int{}
	for _, ch := range changes {
		for _, req := range ch.Requirements {
			by[req] = append(by[req], ch.Number)
		}
	}
	out := make([]Trace, 0, len(by))
	for req, pulls := range by {
		out = append(out, Trace{Requirement: req, Pulls: pulls})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Requirement) < strings.ToLower(out[j].Requirement) })
	return out
}

// reportFor is the problem report the bot filed for a cause, 0 when there is none.
func reportFor(reports []*github.Issue, cause problem.Cause) int {
	for _, is := range reports {
		if problem.MarkedWith(is.GetBody(), cause) {
			return is.GetNumber()
		}
	}
	return 0
}
