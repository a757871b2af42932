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
	IssuesDir     = "issues"
	TeamsDir      = "teams"
	ConfigFile    = "config.yml"
)

// LoadDir reads a snapshot directory (see the package documentation of the format in
// docs/snapshots.md). Required files are pull.json, files.json, commits.json and reviews.json;
// everything else is optional. Every error names the file it is about.
func LoadDir(dir string) (*Snapshot, error) {
	s := &Snapshot{Issues: map[IssueRef]*github.Issue{}, TeamMembers: map[string][]*github.User{}}
	required := []struct {
		name string
		into any
	}{
		{PullFile, &s.Pull},
		{FilesFile, &s.Files},
		{CommitsFile, &s.Commits},
		{ReviewsFile, &s.Reviews},
	}
	for _, r := range required {
		if err := decodeFile(filepath.Join(dir, r.name), r.into); err != nil {
			return nil, err
		}
	}
	if s.Pull == nil {
		return nil, fmt.Errorf("%s: want a pull request object, got null", filepath.Join(dir, PullFile))
	}
	if err := s.loadCheckRuns(dir); err != nil {
		return nil, err
	}
	if err := s.loadIssues(dir); err != nil {
		return nil, err
	}
	if err := s.loadTeams(dir); err != nil {
		return nil, err
	}
	config, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	switch {
	case err == nil:
		s.Config = config
		s.ConfigName = filepath.Join(dir, ConfigFile)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read snapshot config: %w", err)
	}
	return s, nil
}

func (s *Snapshot) loadCheckRuns(dir string) error {
	path := filepath.Join(dir, CheckRunsFile)
	var list github.ListCheckRunsResults
	if err := decodeFile(path, &list); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	s.CheckRuns = list.CheckRuns
	if s.CheckRuns == nil {
		s.CheckRuns = []*github.CheckRun{}
	}
	return nil
}

// loadIssues reads issues/{n}.json (same repository) and issues/{owner}/{repo}/{n}.json
// (another repository).
func (s *Snapshot) loadIssues(dir string) error {
	root := filepath.Join(dir, IssuesDir)
	owner, repo := s.BaseRepo()
	return walkJSON(root, func(path, rel string) error {
		parts := strings.Split(strings.TrimSuffix(filepath.ToSlash(rel), ".json"), "/")
		ref := IssueRef{Owner: owner, Repo: repo}
		switch len(parts) {
		case 1:
		case 3:
			ref.Owner, ref.Repo = parts[0], parts[1]
		default:
			return fmt.Errorf("%s: want issues/NUMBER.json or issues/OWNER/REPO/NUMBER.json", path)
		}
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil || n <= 0 {
			return fmt.Errorf("%s: file name must be an issue number", path)
		}
		ref.Number = n
		var issue github.Issue
		if err := decodeFile(path, &issue); err != nil {
			return err
		}
		s.Issues[ref] = &issue
		return nil
	})
}

func (s *Snapshot) loadTeams(dir string) error {
	root := filepath.Join(dir, TeamsDir)
	return walkJSON(root, func(path, rel string) error {
		if strings.Contains(filepath.ToSlash(rel), "/") {
			return fmt.Errorf("%s: want teams/SLUG.json", path)
		}
		var members []*github.User
		if err := decodeFile(path, &members); err != nil {
			return err
		}
		s.TeamMembers[strings.TrimSuffix(rel, ".json")] = members
		return nil
	})
}

// walkJSON calls fn for every .json file below root; a missing root is not an error.
func walkJSON(root string, fn func(path, rel string) error) error {
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		return fn(path, rel)
	})
}

// decodeFile strictly decodes one JSON file, naming the file and the byte offset on error.
func decodeFile(path string, into any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read snapshot file: %w", err)
	}
	if err := Decode(data, into); err != nil {
		return fmt.Errorf("%s: %w", path, err)
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
			line, col := position(data, syn.Offset)
			return fmt.Errorf("line %d, column %d: malformed JSON: %w", line, col, err)
		case errors.As(err, &typ):
			line, col := position(data, typ.Offset)
			return fmt.Errorf("line %d, column %d: field %q: want %s, got JSON %s", line, col, typ.Field, typ.Type, typ.Value)
		}
		return fmt.Errorf("malformed JSON: %w", err)
	}
	if dec.More() {
		return errors.New("malformed JSON: more than one value")
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
