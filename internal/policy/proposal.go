package policy

// Proposal is what a pull request that changes the policy file proposes. The pull request is
// still judged by the base branch's policy; the proposal is validated, and its deviations are
// compared with the base's, so a reviewer sees what the change would waive.
type Proposal struct {
	// Path is the policy file's path.
	Path string `json:"path"`
	// Problems are the proposed file's validation problems as FILE:LINE:COL: message lines;
	// any makes the check fail.
	Problems []string `json:"problems"`
	// Added, Removed and Changed compare the proposal's deviations with the base's.
	Added   []Deviation       `json:"added"`
	Removed []Deviation       `json:"removed"`
	Changed []DeviationChange `json:"changed"`
}

// DeviationChange is one deviation whose value or justification the proposal changes.
type DeviationChange struct {
	Before Deviation `json:"before"`
	After  Deviation `json:"after"`
}

// Valid reports whether the proposed file has no problems.
func (p *Proposal) Valid() bool { return len(p.Problems) == 0 }
