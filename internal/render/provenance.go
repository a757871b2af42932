package render

import "strings"

// Provenance is what an auditor needs to reproduce a verdict: the build of the bot that
// judged, and the policy file it judged by. Every check run ends with it.
type Provenance struct {
	// Bot names the bot's build: version, commit and date ("v1.2.0 (commit 1643b4b…, …)").
	Bot    string
	Policy PolicyLocation
}

// PolicyLocation says where a policy file was read from.
type PolicyLocation struct {
	Path string // as validate prints it: ".github/iec62304.yml"
	// RepoPath is where the repository keeps its own policy; it differs from Path when the
	// organisation's default applies.
	RepoPath string
	// Source is the repository and ref ("acme/pump@main"); empty when not known.
	Source string
	// Commit is the commit SHA the file was read at; empty when not pinned (a snapshot on
	// disk, an organisation's default).
	Commit string
	// Blob is the file's git blob SHA: its exact content.
	Blob string
	// OrgDefault is set when the repository has no policy of its own and inherits the
	// organisation's default from its .github repository.
	OrgDefault bool
}

// ProvenanceSection is the closing section of every check run's text; headSHA is the commit
// judged, empty when none was.
func ProvenanceSection(p Provenance, headSHA string) string {
	var b strings.Builder
	b.WriteString("\n---\n**To reproduce this verdict**: ")
	if p.Policy.Path == "" {
		b.WriteString("no policy file (the bundled defaults)")
	} else {
		b.WriteString("policy " + code(p.Policy.Path) + fromSource(p.Policy))
		if p.Policy.Commit != "" {
			b.WriteString(" at commit " + code(p.Policy.Commit))
		}
		if p.Policy.Blob != "" {
			b.WriteString(" (blob " + code(p.Policy.Blob) + ")")
		}
	}
	if headSHA != "" {
		b.WriteString("; head commit " + code(headSHA))
	}
	bot := p.Bot
	if bot == "" {
		bot = "version not recorded"
	}
	b.WriteString("; judged by iec62304-bot " + inert(bot) + ".\n")
	return b.String()
}
