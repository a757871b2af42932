package refs

import (
	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// MaxLinkedIssues caps the linked issues read per evaluation. Anyone who can open a pull
// request writes its description: 3000 "Fixes #n" made 3011 GitHub calls per evaluation.
// Issues past the cap are not read and never count; the traceability rule names them.
const MaxLinkedIssues = 50

// LinkedIssues returns the issues a pull request closes, from its description and every commit
// message, each once, in order of first mention. It is the one definition of "the issues this
// PR links": the traceability rule judges them, the fetcher reads them, and the issues webhook
// finds the PRs to re-evaluate by them, so the three can never disagree.
func LinkedIssues(pull *github.PullRequest, commits []*github.RepositoryCommit, owner, repo string) []snapshot.IssueRef {
	texts := make([]string, 0, len(commits)+1)
	texts = append(texts, pull.GetBody())
	for _, c := range commits {
		texts = append(texts, c.GetCommit().GetMessage())
	}
	var set issueSet
	for _, t := range texts {
		for _, ref := range ClosingRefs(t, owner, repo) {
			set.add(ref)
		}
	}
	return set.list
}
