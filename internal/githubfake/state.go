package githubfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// repository is one repository's state.
type repository struct {
	repo      *github.Repository
	pulls     map[int]*pull
	files     map[string]map[string][]byte  // ref -> path -> content
	commits   map[string]map[string][]byte  // commit SHA -> path -> content, as resolved
	checkRuns map[string][]*github.CheckRun // sha -> runs
	issues    map[int]*github.Issue
	events    map[int][]*github.IssueEvent // issue number -> its events, oldest first
	comments  map[int][]*github.IssueComment
	statuses  map[string][]*github.RepoStatus // sha -> statuses, newest first
	labels    []*github.Label
	history   history
	roles     map[string]string // lower-case login -> repository role
	// writtenBy names the app that wrote an object ("issue/7", "comment/9001").
	writtenBy map[string]*github.App
	// raw holds GitHub's JSON for seeded objects, by kind and id ("issue/52", "check-run/7").
	raw map[string]json.RawMessage
	// shapes keeps the last full-shape answer for each object, by the same key.
	shapes map[string]shapedObject
}

// shapedObject is an object's full-shape answer and what it was made of.
type shapedObject struct {
	raw, typed, out json.RawMessage
}

func rawKey(kind string, id any) string { return fmt.Sprintf("%s/%v", kind, id) }

// pull is one pull request's state.
type pull struct {
	pr      *github.PullRequest
	files   []*github.CommitFile
	commits []*github.RepositoryCommit
	reviews []*github.PullRequestReview
}

// AddRepo creates a repository (idempotent).
func (s *Server) AddRepo(owner, repo, defaultBranch string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repoLocked(owner, repo, defaultBranch)
}

func (s *Server) repoLocked(owner, name, defaultBranch string) *repository {
	if r, ok := s.repos[repoKey(owner, name)]; ok {
		return r
	}
	r := &repository{
		repo: &github.Repository{
			ID: github.Int64(s.id()), Name: github.String(name), FullName: github.String(owner + "/" + name),
			Owner:         &github.User{Login: github.String(owner), Type: github.String("Organization")},
			DefaultBranch: github.String(defaultBranch), Private: github.Bool(true),
			HTMLURL: github.String("https://github.com/" + owner + "/" + name),
		},
		pulls: map[int]*pull{}, files: map[string]map[string][]byte{}, commits: map[string]map[string][]byte{}, checkRuns: map[string][]*github.CheckRun{},
		issues: map[int]*github.Issue{}, events: map[int][]*github.IssueEvent{}, comments: map[int][]*github.IssueComment{}, raw: map[string]json.RawMessage{}, shapes: map[string]shapedObject{},
		statuses: map[string][]*github.RepoStatus{}, roles: map[string]string{}, writtenBy: map[string]*github.App{},
	}
	s.repos[repoKey(owner, name)] = r
	return r
}

// SetFile puts a file on a ref, for the contents API.
func (s *Server) SetFile(owner, repo, ref, path string, content []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	if r.files[ref] == nil {
		r.files[ref] = map[string][]byte{}
	}
	r.files[ref][path] = content
}

// LoadSnapshot seeds the server from a snapshot directory.
func (s *Server) LoadSnapshot(dir string) error {
	snap, err := snapshot.LoadDir(dir)
	if err != nil {
		return err
	}
	s.AddSnapshot(snap)
	return nil
}

// AddSnapshot seeds a pull request with everything in the snapshot: the PR, its files,
// commits and reviews, the check runs on its head, linked issues, team members, and
// config.yml as .github/iec62304.yml on the base branch, with the requirement catalogue's
// files there and its issues.
func (s *Server) AddSnapshot(snap *snapshot.Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.seedPull(snap)
	if snap.Config != nil {
		ref := snap.Pull.GetBase().GetRef()
		if r.files[ref] == nil {
			r.files[ref] = map[string][]byte{}
		}
		r.files[ref][".github/iec62304.yml"] = snap.Config
	}
	if c := snap.Catalogue; c != nil {
		ref := snap.Pull.GetBase().GetRef()
		if r.files[ref] == nil {
			r.files[ref] = map[string][]byte{}
		}
		maps.Copy(r.files[ref], c.Files)
		for _, is := range c.Issues {
			r.issues[is.GetNumber()] = is
		}
	}
	if snap.ProposedConfig != nil {
		head := snap.Pull.GetHead()
		hr := s.repoLocked(head.GetRepo().GetOwner().GetLogin(), head.GetRepo().GetName(), "main")
		if hr.files[head.GetSHA()] == nil {
			hr.files[head.GetSHA()] = map[string][]byte{}
		}
		hr.files[head.GetSHA()][".github/iec62304.yml"] = snap.ProposedConfig
	}
}

// ReplacePull sets a pull request to the snapshot's state, as after a push, a review or a
// label change. What the app wrote (check runs, comments) stays; other apps' check runs on the
// head are those of the snapshot. The base branch's policy file is not touched.
func (s *Server) ReplacePull(snap *snapshot.Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	owner, name := snap.BaseRepo()
	var before time.Time
	if old, ok := s.repoLocked(owner, name, "main").pulls[snap.Pull.GetNumber()]; ok {
		before = old.pr.GetUpdatedAt().Time
	}
	r := s.seedPull(snap)
	// GitHub moves updated_at forward with every change; a snapshot's own time may be older.
	if pr := r.pulls[snap.Pull.GetNumber()].pr; !pr.GetUpdatedAt().After(before) {
		at := now().Time
		if !at.After(before) {
			at = before.Add(time.Second)
		}
		pr.UpdatedAt = &github.Timestamp{Time: at}
	}
}

func (s *Server) seedPull(snap *snapshot.Snapshot) *repository {
	owner, name := snap.BaseRepo()
	r := s.repoLocked(owner, name, "main")
	pr := clone(snap.Pull)
	if pr.Base != nil {
		pr.Base.Repo = r.repo
	}
	r.pulls[pr.GetNumber()] = &pull{pr: pr, files: snap.Files, commits: snap.Commits, reviews: snap.Reviews}
	sha := snap.HeadSHA()
	var ours []*github.CheckRun
	for _, run := range r.checkRuns[sha] {
		if run.GetApp().GetID() == s.app.GetID() {
			ours = append(ours, run)
		}
	}
	r.checkRuns[sha] = append(ours, snap.CheckRuns...)
	if snap.Statuses != nil {
		r.statuses[sha] = snap.Statuses
	}
	for ref, issue := range snap.Issues {
		target := s.repoLocked(ref.Owner, ref.Repo, "main")
		target.issues[ref.Number] = issue
		if events, ok := snap.IssueEvents[ref]; ok {
			target.events[ref.Number] = events
		}
		if snap.Raw != nil && snap.Raw.Issues[ref] != nil {
			target.raw[rawKey("issue", ref.Number)] = snap.Raw.Issues[ref]
		}
	}
	keepRaw(r, snap)
	for slug, members := range snap.TeamMembers {
		s.teams[repoKey(owner, slug)] = members
	}
	return r
}

// CheckRuns returns the check runs on a commit (copies).
func (s *Server) CheckRuns(owner, repo, sha string) []*github.CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.repos[repoKey(owner, repo)]
	if !ok {
		return nil
	}
	return cloneAll(r.checkRuns[sha])
}

// Comments returns the comments on an issue or pull request (copies).
func (s *Server) Comments(owner, repo string, number int) []*github.IssueComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.repos[repoKey(owner, repo)]
	if !ok {
		return nil
	}
	return cloneAll(r.comments[number])
}

// Issues returns a repository's issues (copies), lowest number first.
func (s *Server) Issues(owner, repo string) []*github.Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.repos[repoKey(owner, repo)]
	if !ok {
		return nil
	}
	numbers := make([]int, 0, len(r.issues))
	for n := range r.issues {
		numbers = append(numbers, n)
	}
	sort.Ints(numbers)
	out := make([]*github.Issue, len(numbers))
	for i, n := range numbers {
		out[i] = clone(r.issues[n])
	}
	return out
}

// AddIssue puts an issue in a repository as it stands (any state, dates and labels), as one
// filed and worked on before the test began.
func (s *Server) AddIssue(owner, repo string, issue *github.Issue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repoLocked(owner, repo, "main").issues[issue.GetNumber()] = clone(issue)
}

// keepRaw remembers the JSON a snapshot was read from, so the fake answers with GitHub's shape.
func keepRaw(r *repository, snap *snapshot.Snapshot) {
	if snap.Raw == nil {
		return
	}
	r.raw[rawKey("pull", snap.Pull.GetNumber())] = snap.Raw.Pull
	pairs := []struct {
		kind  string
		raws  []json.RawMessage
		typed int // a test may have shortened the typed list: raws beyond it have no object
		ids   func(i int) any
	}{
		{"file", snap.Raw.Files, len(snap.Files), func(i int) any { return snap.Files[i].GetFilename() }},
		{"commit", snap.Raw.Commits, len(snap.Commits), func(i int) any { return snap.Commits[i].GetSHA() }},
		{"review", snap.Raw.Reviews, len(snap.Reviews), func(i int) any { return snap.Reviews[i].GetID() }},
		{"check-run", snap.Raw.CheckRuns, len(snap.CheckRuns), func(i int) any { return snap.CheckRuns[i].GetID() }},
	}
	for _, p := range pairs {
		for i, raw := range p.raws[:min(len(p.raws), p.typed)] {
			r.raw[rawKey(p.kind, p.ids(i))] = raw
		}
	}
}

// shaped renders a seeded object in GitHub's full shape: its raw JSON with typed laid over it.
//
// Shaping is a JSON round trip of both, and lists answer the same objects again and again (an
// evaluation reads every open pull request), so the last answer is kept while neither the
// seed nor the typed value changed: a benchmark then measures the app, not the fake.
//
// omit names keys a list leaves out (GitHub lists pull requests in a shorter form).
func (r *repository) shaped(kind string, id any, typed any, omit ...string) json.RawMessage {
	key := rawKey(kind, id)
	data, err := json.Marshal(typed)
	if err != nil {
		panic(fmt.Sprintf("githubfake: encode %T: %v", typed, err))
	}
	raw := r.raw[key]
	form := key + " without " + strings.Join(omit, ",")
	if last, ok := r.shapes[form]; ok && bytes.Equal(last.typed, data) && bytes.Equal(last.raw, raw) {
		return last.out
	}
	var base any
	if raw != nil {
		base = raw
	}
	out := shape(base, json.RawMessage(data), omit...)
	r.shapes[form] = shapedObject{raw: bytes.Clone(raw), typed: data, out: out}
	return out
}

func now() *github.Timestamp { return &github.Timestamp{Time: time.Now().UTC().Truncate(time.Second)} }
