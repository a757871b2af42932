package githubio

import (
	"fmt"

	"github.com/google/go-github/v62/github"
)

// proposedConfig reads the policy file as the pull request's head commit has it, but only when
// the pull request changes that file: the proposal is validated and compared with the base's
// policy (which alone judges the pull request). A pull request that removes the file, or
// renames it away, proposes an empty one. The head may be in a fork, so it is read from the
// head repository.
func (f *fetch) proposedConfig() error {
	changed := f.snap.PolicyFileChange()
	if changed == nil {
		return nil
	}
	path := f.snap.PolicyFile()
	if changed.GetStatus() == "removed" || changed.GetFilename() != path {
		f.snap.ProposedConfig = []byte{}
		return nil
	}
	head := f.snap.Pull.GetHead()
	owner, repo := head.GetRepo().GetOwner().GetLogin(), head.GetRepo().GetName()
	content, _, _, err := f.client.Repositories.GetContents(f.ctx, owner, repo, path, &github.RepositoryContentGetOptions{Ref: head.GetSHA()})
	if err != nil {
		return fmt.Errorf("read the proposed policy %s of %s at %s/%s@%s: %w", path, f.where(), owner, repo, head.GetSHA(), err)
	}
	text, err := content.GetContent()
	if err != nil {
		return fmt.Errorf("decode the proposed policy %s of %s: %w", path, f.where(), err)
	}
	f.snap.ProposedConfig = []byte(text)
	return nil
}
