package policyfile

import "github.com/iec62304-bot/iec62304-bot/internal/snapshot"

// Where policies live, unless the app's configuration says otherwise (IEC62304_POLICY_PATH,
// IEC62304_ORG_DEFAULT_REPO, IEC62304_ORG_DEFAULT_PATH): every message naming a policy file
// takes the configured path, these only when nothing was configured.
const (
	// DefaultPath is where a repository keeps its policy.
	DefaultPath = snapshot.DefaultPolicyPath
	// DefaultOrgRepo and DefaultOrgPath are the organisation-wide default policy.
	DefaultOrgRepo = ".github"
	DefaultOrgPath = "iec62304.yml"
)
