package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"
)

// File names inside a snapshot directory, one per GitHub REST response.
const (
	PullFile      = "pull.json"
	FilesFile     = "files.json"
	CommitsFile   = "commits.json"
	ReviewsFile   = "reviews.json"
	CheckRunsFile = "check-runs.json"
	StatusFile    = "status.json"
	IssuesDir     = "issues"
	eventsSuffix  = ".events.json"
	TeamsDir      = "teams"
	ConfigFile    = "config.yml"
	// ProposedConfigFile is the policy file as the pull request proposes it, when it changes it.
	ProposedConfigFile = "proposed-config.yml"
	// CatalogueDir holds the requirement catalogue as the base branch defines it:
	// issues.json (the labelled issues), files/{path} (each catalogue file) and
	// incomplete.txt (what was not read, and why).
	CatalogueDir            = "catalogue"
	CatalogueIssuesFile     = CatalogueDir + "/issues.json"
	CatalogueFilesDir       = CatalogueDir + "/files"
	CatalogueIncompleteFile = CatalogueDir + "/incomplete.txt"
)

// LoadDir reads a snapshot directory (the format is in docs/snapshots.md). Required files are
// pull.json, files.json, commits.json and reviews.json; everything else is optional. Every
// error names the file it is about.
func LoadDir(dir string) (*Snapshot, error) {
	return LoadFS(os.DirFS(dir), dir)
}

// LoadFS reads a snapshot from the root of fsys (an embedded story, a directory); name is
// what error messages call that root.
func LoadFS(fsys fs.FS, name string) (*Snapshot, error) {
	return (&loader{fsys: fsys, name: name}).load()
}

type loader struct {
	fsys fs.FS
	name string
}

func (l *loader) load() (*Snapshot, error) {
	s := &Snapshot{Issues: map[IssueRef]*github.Issue{}, IssueEvents: map[IssueRef][]*github.IssueEvent{}, TeamMembers: map[string][]*github.User{},
		Raw: &Raw{Issues: map[IssueRef]json.RawMessage{}, IssueEvents: map[IssueRef]json.RawMessage{}}}
	required := []struct {
		name string
		into any
		raw  any
	}{
		{PullFile, &s.Pull, &s.Raw.Pull},
		{FilesFile, &s.Files, &s.Raw.Files},
		{CommitsFile, &s.Commits, &s.Raw.Commits},
		{ReviewsFile, &s.Reviews, &s.Raw.Reviews},
	}
	for _, r := range required {
		if err := l.decodeFile(r.name, r.into, r.raw); err != nil {
			return nil, err
		}
	}
	if s.Pull == nil {
		return nil, fmt.Errorf("%s: want a pull request object, got null", l.display(PullFile))
	}
	if err := l.loadCheckRuns(s); err != nil {
		return nil, err
	}
	if err := l.loadStatuses(s); err != nil {
		return nil, err
	}
	if err := l.loadIssues(s); err != nil {
		return nil, err
	}
	if err := l.loadTeams(s); err != nil {
		return nil, err
	}
	if err := l.loadCatalogue(s); err != nil {
		return nil, err
	}
	config, err := fs.ReadFile(l.fsys, ConfigFile)
	switch {
	case err == nil:
		s.Config = config
		s.ConfigName = l.display(ConfigFile)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read snapshot config %s: %w", l.display(ConfigFile), err)
	}
	proposed, err := fs.ReadFile(l.fsys, ProposedConfigFile)
	switch {
	case err == nil:
		s.ProposedConfig = proposed
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read snapshot's proposed config %s: %w", l.display(ProposedConfigFile), err)
	}
	return s, nil
}

// display names a file of the snapshot in messages.
func (l *loader) display(name string) string {
	return filepath.Join(l.name, filepath.FromSlash(name))
}

func (l *loader) loadCheckRuns(s *Snapshot) error {
	var list github.ListCheckRunsResults
	var raw struct {
		CheckRuns []json.RawMessage `json:"check_runs"`
	}
	if err := l.decodeFile(CheckRunsFile, &list, &raw); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	s.CheckRuns, s.Raw.CheckRuns = list.CheckRuns, raw.CheckRuns
	if s.CheckRuns == nil {
		s.CheckRuns = []*github.CheckRun{}
	}
	return nil
}

// loadStatuses reads the combined commit status, when the snapshot has one.
func (l *loader) loadStatuses(s *Snapshot) error {
	var combined github.CombinedStatus
	if err := l.decodeFile(StatusFile, &combined); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	s.Statuses = combined.Statuses
	if s.Statuses == nil {
		s.Statuses = []*github.RepoStatus{}
	}
	return nil
}

// loadIssues reads issues/{n}.json (same repository) and issues/{owner}/{repo}/{n}.json
// (another repository), and beside each its events, {n}.events.json.
func (l *loader) loadIssues(s *Snapshot) error {
	owner, repo := s.BaseRepo()
	return l.walkJSON(IssuesDir, func(path, rel string) error {
		events := strings.HasSuffix(rel, eventsSuffix)
		parts := strings.Split(strings.TrimSuffix(strings.TrimSuffix(rel, eventsSuffix), ".json"), "/")
		ref := IssueRef{Owner: owner, Repo: repo}
		switch len(parts) {
		case 1:
		case 3:
			ref.Owner, ref.Repo = parts[0], parts[1]
		default:
			return fmt.Errorf("%s: want issues/NUMBER.json or issues/OWNER/REPO/NUMBER.json (or NUMBER.events.json beside them)", l.display(path))
		}
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil || n <= 0 {
			return fmt.Errorf("%s: file name must be an issue number", l.display(path))
		}
		ref.Number = n
		if events {
			var list []*github.IssueEvent
			var raw json.RawMessage
			if err := l.decodeFile(path, &list, &raw); err != nil {
				return err
			}
			s.IssueEvents[ref], s.Raw.IssueEvents[ref] = list, raw
			return nil
		}
		var issue github.Issue
		var raw json.RawMessage
		if err := l.decodeFile(path, &issue, &raw); err != nil {
			return err
		}
		s.Issues[ref], s.Raw.Issues[ref] = &issue, raw
		return nil
	})
}

func (l *loader) loadTeams(s *Snapshot) error {
	return l.walkJSON(TeamsDir, func(path, rel string) error {
		if strings.Contains(rel, "/") {
			return fmt.Errorf("%s: want teams/SLUG.json", l.display(path))
		}
		var members []*github.User
		if err := l.decodeFile(path, &members); err != nil {
			return err
		}
		s.TeamMembers[strings.TrimSuffix(rel, ".json")] = members
		return nil
	})
}

// walkJSON calls fn for every .json file below root (slash-separated paths, rel relative to
// root); a missing root is not an error.
func (l *loader) walkJSON(root string, fn func(path, rel string) error) error {
	if _, err := fs.Stat(l.fsys, root); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return fs.WalkDir(l.fsys, root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read %s: %w", l.display(path), err)
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		return fn(path, strings.TrimPrefix(path, root+"/"))
	})
}

// decodeFile strictly decodes one JSON file into each of targets (a typed value, then the
// raw form), naming the file, line and column on error.
func (l *loader) decodeFile(name string, targets ...any) error {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		return fmt.Errorf("read snapshot file %s: %w", l.display(name), err)
	}
	for _, into := range targets {
		if err := Decode(data, into); err != nil {
			return fmt.Errorf("%s: %w", l.display(name), err)
		}
	}
	return nil
}

// Decode decodes one GitHub JSON response and reports where a syntax or type error sits.
func Decode(data []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(into); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			// Offset is just past the offending byte; point at the byte itself.
			line, col := position(data, max(syn.Offset-1, 0))
			return fmt.Errorf("line %d, column %d: malformed JSON: %w", line, col, err)
		case errors.As(err, &typ):
			line, col := position(data, typ.Offset)
			return fmt.Errorf("line %d, column %d: field %q: want %s, got JSON %s", line, col, typ.Field, typ.Type, typ.Value)
		}
		return fmt.Errorf("malformed JSON: %w", err)
	}
	// Only white space may follow the value (dec.More would miss a stray "]").
	end := dec.InputOffset()
	if rest := bytes.TrimLeft(data[end:], " \t\r\n"); len(rest) > 0 {
		line, col := position(data, int64(len(data)-len(rest)))
		return fmt.Errorf("line %d, column %d: malformed JSON: %q after the response's value", line, col, rest[:min(len(rest), 10)])
	}
	return nil
}

func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}
