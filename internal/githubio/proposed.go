package githubio

import (
	"fmt"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"
)

// proposedConfig reads the policy file as the pull request's head commit has it, but only when
// the pull request changes that file: the proposal is validated and compared with the base's
// policy (which alone judges the pull request). A pull request that removes the file, or
// renames it away, proposes an empty one. The head may be in a fork, so it is read from the
// head repository.
func (f *fetch) proposedConfig() error {
	changed := f.snap.PolicyFileChange()
	if changed == nil {
		if f.snap.Pull.GetChangedFiles() > len(f.snap.Files) {
			return f.unlistedPolicyChange()
		}
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

// unlistedPolicyChange looks for a change to the policy file that GitHub's list of changed
// files does not show (it stops at 3000 files): otherwise a pull request could hide a policy
// change, unvalidated and unapproved, in a large enough one. It compares the file at the head
// commit with the file at the base branch's commit the policy was read at; when the base
// branch changed the file since the pull request branched off, that counts as a change too
// (the stricter reading, for a rare case).
func (f *fetch) unlistedPolicyChange() error {
	path := f.snap.PolicyFile()
	head := f.snap.Pull.GetHead()
	headBlob, proposed, err := f.policyBlob(head.GetRepo().GetOwner().GetLogin(), head.GetRepo().GetName(), head.GetSHA())
	if err != nil {
		return err
	}
	baseBlob, _, err := f.policyBlob(f.owner, f.repo, f.baseSHA)
	if err != nil || headBlob == baseBlob {
		return err
	}
	if proposed == nil {
		proposed = []byte{} // removed: proposes an empty policy
	}
	f.snap.ProposedConfig = proposed
	zerolog.Ctx(f.ctx).Info().Str("path", path).Msg("the policy file changes beyond GitHub's list of changed files")
	return nil
}

// policyBlob is the policy file's blob SHA and content at a commit, both empty where there is
// no such file.
func (f *fetch) policyBlob(owner, repo, commit string) (string, []byte, error) {
	path := f.snap.PolicyFile()
	content, _, _, err := f.client.Repositories.GetContents(f.ctx, owner, repo, path, &github.RepositoryContentGetOptions{Ref: commit})
	if isGone(err) || (err == nil && content == nil) { // gone, or a folder of that name
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("read the policy %s of %s at %s/%s@%s: %w", path, f.where(), owner, repo, commit, err)
	}
	text, err := content.GetContent()
	if err != nil {
		return "", nil, fmt.Errorf("decode the policy %s of %s at %s/%s@%s: %w", path, f.where(), owner, repo, commit, err)
	}
	return content.GetSHA(), []byte(text), nil
}
