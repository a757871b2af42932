package problem

import (
	"encoding/json"
	"strings"
)

// The bot keeps what it alone knows (the fixes it saw merge, the occurrences it saw fail) in
// its own comments, as JSON in a hidden line: GitHub is the only store, and a comment only the
// app edits is one no person overwrites by accident.

// embed writes v as a hidden line after the marker. encoding/json escapes < and >, so the
// JSON can never end the HTML comment early.
func embed(marker string, v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic("problem: encode state: " + err.Error())
	}
	return marker + "\n<!-- iec62304-bot:state " + string(data) + " -->"
}

// extract reads what embed wrote into v; a body without it (or a damaged one) leaves v as is.
func extract(body string, v any) {
	_, rest, ok := strings.Cut(body, "<!-- iec62304-bot:state ")
	if !ok {
		return
	}
	data, _, ok := strings.Cut(rest, " -->")
	if ok {
		_ = json.Unmarshal([]byte(data), v)
	}
}

// StatusMarker identifies the bot's one status comment on a problem report or change request.
const StatusMarker = "<!-- iec62304-bot:problem-status -->"

// State is what the status comment remembers between deliveries.
type State struct {
	Fixes []Fix `json:"fixes,omitempty"`
}

// ReadState reads the state kept in a status comment.
func ReadState(statusBody string) State {
	var s State
	extract(statusBody, &s)
	return s
}

// AddFix records a merged fix once; false when it was recorded already (a redelivery).
func (s *State) AddFix(f Fix) bool {
	for _, have := range s.Fixes {
		if have.Number == f.Number {
			return false
		}
	}
	s.Fixes = append(s.Fixes, f)
	return true
}

// OccurrencesMarker identifies the one comment listing a failing check's occurrences.
const OccurrencesMarker = "<!-- iec62304-bot:occurrences -->"

// Occurrence is one completion of the check on the default branch.
type Occurrence struct {
	SHA        string `json:"sha"`
	At         string `json:"at"`
	Conclusion string `json:"conclusion"`
	URL        string `json:"url,omitempty"`
}

// Passed reports a successful completion.
func (o Occurrence) Passed() bool { return o.Conclusion == "success" }

// Occurrences are a check's completions on the default branch since the report was filed:
// trend data (9.5) kept in one comment.
type Occurrences struct {
	Check string       `json:"check"`
	Items []Occurrence `json:"items"`
}

// ReadOccurrences reads the occurrences kept in the comment.
func ReadOccurrences(body string) Occurrences {
	var o Occurrences
	extract(body, &o)
	return o
}

// Add records a completion and says whether it changed anything. A failure on a commit
// already listed is a redelivery or a re-run, not a new occurrence; a pass is recorded only
// when the check was failing, so a green branch adds nothing.
func (o *Occurrences) Add(x Occurrence) bool {
	for _, have := range o.Items {
		if have.SHA == x.SHA && have.Passed() == x.Passed() {
			return false
		}
	}
	if x.Passed() && (len(o.Items) == 0 || o.Items[len(o.Items)-1].Passed()) {
		return false
	}
	o.Items = append(o.Items, x)
	return true
}

// Failures counts the failing occurrences.
func (o Occurrences) Failures() int {
	n := 0
	for _, x := range o.Items {
		if !x.Passed() {
			n++
		}
	}
	return n
}

// PassingAgain reports whether the latest completion passed.
func (o Occurrences) PassingAgain() bool {
	return len(o.Items) > 0 && o.Items[len(o.Items)-1].Passed()
}
