// Package snapshot holds the facts about one pull request that the policy engine judges, in
// GitHub's own REST shapes, and reads them from a directory of GitHub's JSON responses.
package snapshot

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"
)

// Snapshot is everything the policy engine may know about one pull request. It is plain data:
// the same value is produced from files on disk (tests, the CLI, the demo) and from the GitHub
// API (the service), so the engine never knows where its facts came from.
type Snapshot struct {
	// Pull is GET /repos/{owner}/{repo}/pulls/{n}.
	Pull *github.PullRequest
	// Files is GET /repos/{owner}/{repo}/pulls/{n}/files, all pages joined.
	Files []*github.CommitFile
	// Commits is GET /repos/{owner}/{repo}/pulls/{n}/commits.
	Commits []*github.RepositoryCommit
	// Reviews is GET /repos/{owner}/{repo}/pulls/{n}/reviews, in GitHub's (chronological) order.
	Reviews []*github.PullRequestReview
	// CheckRuns is the check_runs array of GET /repos/{owner}/{repo}/commits/{head_sha}/check-runs.
	// Nil when no check runs were fetched.
	CheckRuns []*github.CheckRun
	// Statuses is the statuses array of GET /repos/{owner}/{repo}/commits/{head_sha}/status:
	// the latest commit status per context, as CI systems that predate check runs (Jenkins,
	// say) report. Nil when not fetched.
	Statuses []*github.RepoStatus
	// Issues holds the issues the pull request links to, keyed by reference. An issue that is
	// referenced but absent here is treated as unknown (it never counts as evidence).
	Issues map[IssueRef]*github.Issue
	// IssuesNotRead are linked issues that were not read because the pull request links more
	// than refs.MaxLinkedIssues: they never count as evidence, and the report names them.
	// Nil for a snapshot on disk, which holds every issue it has.
	IssuesNotRead []IssueRef
	// IssueEvents holds GET /repos/{owner}/{repo}/issues/{m}/events (all pages) of linked
	// issues, keyed like Issues: who added which label when. An issue absent here has unknown
	// events, so who approved it is unknown.
	IssueEvents map[IssueRef][]*github.IssueEvent
	// TeamMembers maps a team slug to GET /orgs/{org}/teams/{slug}/members.
	TeamMembers map[string][]*github.User
	// Config is .github/iec62304.yml as it stands on the base branch; nil when the file is absent.
	Config []byte
	// ConfigName is the policy file's path, as validate would print it in FILE:LINE:COL
	// messages ("config.yml", ".github/iec62304.yml").
	ConfigName string
	// PolicyPath is where the repository keeps its policy (the app's IEC62304_POLICY_PATH),
	// whether or not the file exists; ConfigName differs when the organisation's default
	// applies. Empty for a snapshot on disk: PolicyFile says DefaultPolicyPath then.
	PolicyPath string
	// ProposedConfig is the policy file as the pull request's head commit has it, read only
	// when the pull request changes that file (empty when it removes it); nil otherwise. It is
	// validated and compared with Config, never used to judge the pull request.
	ProposedConfig []byte
	// ConfigSource says which repository and ref the policy came from ("acme/dosecalc@main");
	// empty for a snapshot on disk. It differs from the base repository when the policy is the
	// organisation's default.
	ConfigSource string
	// ConfigCommit is the commit SHA of the base branch the policy was read at: the service
	// resolves the branch first and reads the file at that commit, so an auditor can fetch the
	// very file that decided the verdict. Empty for a snapshot on disk and for an
	// organisation's default policy (read from its .github repository's default branch).
	ConfigCommit string
	// Catalogue is the requirement catalogue as the base branch defines it (the policy's
	// rules.traceability.catalogue), read at the same commit as the policy; nil when the policy
	// names none or it was not read.
	Catalogue *Catalogue
	// Raw keeps GitHub's JSON as read from disk, with the keys go-github's types drop (nulls,
	// _links); the fake GitHub serves it so it answers exactly as GitHub did. Nil when the
	// snapshot was built from the API or in code.
	Raw *Raw
}

// Catalogue is what was read of a requirement catalogue: the labelled issues or the files
// that define requirements. A pull request cannot change it: it is read from the base branch.
type Catalogue struct {
	// Issues is GET /repos/{owner}/{repo}/issues?labels={label}&state=all, all pages read.
	Issues []*github.Issue
	// Files maps a catalogue file's path to its content.
	Files map[string][]byte
	// Incomplete says what was not read and why (a size cap, a file the app may not read);
	// empty when the whole catalogue was read.
	Incomplete string
}

// Raw is GitHub's JSON for each object of a snapshot, as it was on disk.
type Raw struct {
	Pull      json.RawMessage
	Files     []json.RawMessage
	Commits   []json.RawMessage
	Reviews   []json.RawMessage
	CheckRuns []json.RawMessage
	Issues    map[IssueRef]json.RawMessage
	// IssueEvents holds each issue's events array as it was on disk.
	IssueEvents map[IssueRef]json.RawMessage
}

// IssueRef names one issue. Owner and Repo are never empty: a same-repository reference is
// resolved against the pull request's base repository.
type IssueRef struct {
	Owner  string
	Repo   string
	Number int
}

// String renders the reference the way GitHub writes cross-repository references.
func (r IssueRef) String() string {
	return r.Owner + "/" + r.Repo + "#" + strconv.Itoa(r.Number)
}

// ParseIssueRef parses "owner/repo#12".
func ParseIssueRef(s string) (IssueRef, error) {
	slash := strings.Index(s, "/")
	hash := strings.LastIndex(s, "#")
	if slash <= 0 || hash <= slash+1 {
		return IssueRef{}, fmt.Errorf("issue reference %q: want owner/repo#number", s)
	}
	n, err := strconv.Atoi(s[hash+1:])
	if err != nil || n <= 0 {
		return IssueRef{}, fmt.Errorf("issue reference %q: want a positive issue number", s)
	}
	return IssueRef{Owner: s[:slash], Repo: s[slash+1 : hash], Number: n}, nil
}

// BaseRepo returns the owner and name of the repository the pull request merges into.
func (s *Snapshot) BaseRepo() (owner, repo string) {
	r := s.Pull.GetBase().GetRepo()
	return r.GetOwner().GetLogin(), r.GetName()
}

// HeadSHA is the commit the pull request currently points at.
func (s *Snapshot) HeadSHA() string {
	return s.Pull.GetHead().GetSHA()
}

// DefaultPolicyPath is where a repository keeps its policy unless the app is configured
// otherwise (IEC62304_POLICY_PATH).
const DefaultPolicyPath = ".github/iec62304.yml"

// PolicyFile is where the repository keeps its policy: PolicyPath, else DefaultPolicyPath.
func (s *Snapshot) PolicyFile() string {
	if s.PolicyPath != "" {
		return s.PolicyPath
	}
	return DefaultPolicyPath
}

// PolicyFileChange is the pull request's change to the policy file: the changed file at
// PolicyFile, or one renamed away from it (which removes the policy); nil when the pull request
// leaves the policy file alone.
func (s *Snapshot) PolicyFileChange() *github.CommitFile {
	path := s.PolicyFile()
	for _, f := range s.Files {
		if f.GetFilename() == path || f.GetPreviousFilename() == path {
			return f
		}
	}
	return nil
}

// ConfigBlob is the policy file's git blob SHA (what `git hash-object` prints for it), which
// names its exact content wherever it was read from; empty when there is no policy file.
func (s *Snapshot) ConfigBlob() string {
	if s.Config == nil {
		return ""
	}
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(s.Config))
	h.Write(s.Config)
	return hex.EncodeToString(h.Sum(nil))
}
