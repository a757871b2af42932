package policy_test

import (
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

const (
	headSHA = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	oldSHA  = "0000000bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

// testConfig is a mixed repository: a class C, a class B and a class A system.
const testConfig = `version: 1
default_class: C
systems:
  - {name: dose-calculation, class: C, paths: ["dose/**"]}
  - {name: pump-ui, class: B, paths: ["ui/**"]}
  - {name: docs-site, class: A, paths: ["docs/**"]}
rules:
  reviews:
    required_teams: [qa]
  test_evidence:
` + requiredChecksLine

const requiredChecksLine = "    required_checks: [build-and-test]\n"

// testPolicy is testConfig with extra appended; an extra that sets required_checks replaces
// testConfig's own.
func testPolicy(extra string) *policy.Policy {
	config := testConfig + extra
	if strings.HasPrefix(extra, requiredChecksLine[:len("    required_checks:")]) {
		config = strings.Replace(testConfig, requiredChecksLine, extra, 1)
	}
	p, err := policyfile.Parse("test.yml", []byte(config))
	if err != nil {
		panic(err)
	}
	return p
}

// pr builds a snapshot of a pull request by "alice" that passes every rule at every class;
// each test case then breaks exactly what it is about.
type pr struct{ s *snapshot.Snapshot }

func newPR(files ...string) *pr {
	s := &snapshot.Snapshot{
		Pull: &github.PullRequest{
			Number: github.Int(7),
			Title:  github.String("Round doses half-up"),
			Body:   github.String("Implements REQ-12.\n\nRisk: RISK-3 re-assessed."),
			User:   user("alice"),
			Head:   &github.PullRequestBranch{SHA: github.String(headSHA), Ref: github.String("feature/rounding")},
			Base: &github.PullRequestBranch{Ref: github.String("main"), Repo: &github.Repository{
				Name: github.String("pump"), Owner: user("acme")}},
			Labels: []*github.Label{{Name: github.String("risk:low")}},
		},
		Commits:     []*github.RepositoryCommit{commit(headSHA, "alice", "Round doses half-up")},
		Issues:      map[snapshot.IssueRef]*github.Issue{},
		IssueEvents: map[snapshot.IssueRef][]*github.IssueEvent{},
		TeamMembers: map[string][]*github.User{"qa": {user("quinn")}},
		CheckRuns:   []*github.CheckRun{checkRun("build-and-test", "completed", "success", 1)},
	}
	for _, f := range files {
		s.Files = append(s.Files, &github.CommitFile{Filename: github.String(f), Status: github.String("modified")})
	}
	p := &pr{s: s}
	p.review("quinn", "APPROVED", headSHA).review("bob", "APPROVED", headSHA)
	return p
}

func user(login string) *github.User {
	return &github.User{Login: github.String(login), Type: github.String("User")}
}

func commit(sha, author, message string) *github.RepositoryCommit {
	return &github.RepositoryCommit{
		SHA:       github.String(sha),
		Author:    user(author),
		Committer: user(author),
		Commit: &github.Commit{
			Message:   github.String(message),
			Author:    &github.CommitAuthor{Name: github.String(author), Email: github.String(author + "@acme.example")},
			Committer: &github.CommitAuthor{Name: github.String(author), Email: github.String(author + "@acme.example")},
		},
	}
}

func checkRun(name, status, conclusion string, id int64) *github.CheckRun {
	r := &github.CheckRun{ID: github.Int64(id), Name: github.String(name), Status: github.String(status), HeadSHA: github.String(headSHA),
		StartedAt: &github.Timestamp{Time: time.Date(2026, 11, 1, 10, int(id), 0, 0, time.UTC)}}
	if conclusion != "" {
		r.Conclusion = github.String(conclusion)
	}
	return r
}

func (p *pr) review(login, state, sha string) *pr {
	p.s.Reviews = append(p.s.Reviews, &github.PullRequestReview{
		ID: github.Int64(int64(len(p.s.Reviews) + 1)), User: user(login), State: github.String(state), CommitID: github.String(sha)})
	return p
}

func (p *pr) noReviews() *pr { p.s.Reviews = nil; return p }

func (p *pr) botReview(login, state string) *pr {
	p.review(login, state, headSHA)
	p.s.Reviews[len(p.s.Reviews)-1].User.Type = github.String("Bot")
	return p
}

func (p *pr) body(b string) *pr   { p.s.Pull.Body = github.String(b); return p }
func (p *pr) title(t string) *pr  { p.s.Pull.Title = github.String(t); return p }
func (p *pr) branch(b string) *pr { p.s.Pull.Head.Ref = github.String(b); return p }

func (p *pr) labels(names ...string) *pr {
	p.s.Pull.Labels = nil
	for _, n := range names {
		p.s.Pull.Labels = append(p.s.Pull.Labels, &github.Label{Name: github.String(n)})
	}
	return p
}

func (p *pr) commits(c ...*github.RepositoryCommit) *pr { p.s.Commits = c; return p }

// notRead marks linked issues as not read, as the fetcher does past the cap.
func (p *pr) notRead(numbers ...int) *pr {
	for _, n := range numbers {
		p.s.IssuesNotRead = append(p.s.IssuesNotRead, snapshot.IssueRef{Owner: "acme", Repo: "pump", Number: n})
	}
	return p
}

func (p *pr) rename(from, to string) *pr {
	p.s.Files = append(p.s.Files, &github.CommitFile{Filename: github.String(to), PreviousFilename: github.String(from), Status: github.String("renamed")})
	return p
}

func (p *pr) issue(n int, labels ...string) *pr {
	is := &github.Issue{Number: github.Int(n)}
	for _, l := range labels {
		is.Labels = append(is.Labels, &github.Label{Name: github.String(l)})
	}
	ref := snapshot.IssueRef{Owner: "acme", Repo: "pump", Number: n}
	p.s.Issues[ref] = is
	for _, l := range labels {
		if l == "approved" {
			p.s.IssueEvents[ref] = []*github.IssueEvent{labeled("approved", user("carol"), 1)}
		}
	}
	return p
}

// issueBody sets the text of linked issue n.
func (p *pr) issueBody(n int, body string) *pr {
	p.s.Issues[snapshot.IssueRef{Owner: "acme", Repo: "pump", Number: n}].Body = github.String(body)
	return p
}

// labeled is a "labeled" issue event as GitHub lists it, minute minutes into the day.
func labeled(label string, actor *github.User, minute int) *github.IssueEvent {
	return &github.IssueEvent{ID: github.Int64(int64(minute)), Event: github.String("labeled"), Actor: actor,
		Label: &github.Label{Name: github.String(label)}, CreatedAt: &github.Timestamp{Time: time.Date(2026, 11, 1, 9, minute, 0, 0, time.UTC)}}
}

// events replaces issue n's events; noEvents drops them, as a snapshot without the file.
func (p *pr) events(n int, evs ...*github.IssueEvent) *pr {
	p.s.IssueEvents[snapshot.IssueRef{Owner: "acme", Repo: "pump", Number: n}] = evs
	return p
}

func (p *pr) noEvents(n int) *pr {
	delete(p.s.IssueEvents, snapshot.IssueRef{Owner: "acme", Repo: "pump", Number: n})
	return p
}

func bot(login string) *github.User {
	u := user(login)
	u.Type = github.String("Bot")
	return u
}

func (p *pr) checks(runs ...*github.CheckRun) *pr { p.s.CheckRuns = runs; return p }

// fileWithStatus adds a changed file as GitHub lists it, with its status and line changes.
func (p *pr) fileWithStatus(name, status string, changes int) *pr {
	p.s.Files = append(p.s.Files, &github.CommitFile{Filename: github.String(name), Status: github.String(status), Changes: github.Int(changes)})
	return p
}

// unlinkedCommit is a commit whose email GitHub could not link to an account: author and
// committer are null, only the git identity remains.
func unlinkedCommit(sha, name, email, message string) *github.RepositoryCommit {
	who := &github.CommitAuthor{Name: github.String(name), Email: github.String(email)}
	return &github.RepositoryCommit{SHA: github.String(sha), Commit: &github.Commit{Message: github.String(message), Author: who, Committer: who}}
}

// ghostReview is a review whose author account was deleted: GitHub sends user: null.
func (p *pr) ghostReview(state string) *pr {
	p.review("", state, headSHA)
	p.s.Reviews[len(p.s.Reviews)-1].User = nil
	return p
}

// webFlowCommit is a commit made in GitHub's web UI: GitHub itself is the committer.
func webFlowCommit() *github.RepositoryCommit {
	c := commit(headSHA, "alice", "Edit in the browser")
	c.Committer = user("web-flow")
	c.Commit.Committer = &github.CommitAuthor{Name: github.String("GitHub"), Email: github.String("noreply@github.com")}
	return c
}

// withoutCommitterAccount drops the committer's account, as GitHub sends committer: null when
// it links the committer's email to no account.
func withoutCommitterAccount(c *github.RepositoryCommit) *github.RepositoryCommit {
	c.Committer = nil
	return c
}

// counts sets the totals GitHub reports on the pull request itself, which can exceed what its
// lists return (3000 files, 250 commits at most).
func (p *pr) counts(changedFiles, commits int) *pr {
	p.s.Pull.ChangedFiles, p.s.Pull.Commits = github.Int(changedFiles), github.Int(commits)
	return p
}

// commitStatus adds a commit status, as CI that predates check runs (Jenkins) reports.
func (p *pr) commitStatus(context, state string) *pr {
	p.s.Statuses = append(p.s.Statuses, &github.RepoStatus{Context: github.String(context), State: github.String(state)})
	return p
}

func onCommit(r *github.CheckRun, sha string) *github.CheckRun {
	r.HeadSHA = github.String(sha)
	return r
}

func notStarted(r *github.CheckRun) *github.CheckRun { r.StartedAt = nil; return r }
