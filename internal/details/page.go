// Package details renders the page a check run's "Details" link opens: the latest verdict of
// a pull request with the derivation of its class, every rule's evidence, the deviations and
// their justifications, and every evaluation ever recorded, by head commit. Server-rendered
// HTML (html/template escapes everything taken from GitHub), readable without JavaScript, with
// linkable sections, printing cleanly to PDF for an audit file.
package details

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"

	"github.com/iec62304-bot/iec62304-bot/internal/records"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

//go:embed templates/pull.html
var templates embed.FS

var page = template.Must(template.New("pull.html").Funcs(template.FuncMap{
	"short":        snapshot.ShortSHA,
	"verdictWords": verdictWords,
}).ParseFS(templates, "templates/pull.html"))

// Pull is what the page shows.
type Pull struct {
	Repo   string
	Number int
	Title  string
	URL    string
	Viewer string
	// Latest is the newest record; Heads every record, grouped by head commit, newest head first.
	Latest records.Record
	Heads  []Head
}

// Head is the records of one head commit, oldest first.
type Head struct {
	SHA     string
	Records []records.Record
}

// NewPull arranges a pull request's history (oldest first, as records.History returns it) for
// the page; false when there is none.
func NewPull(repo string, number int, viewer string, history []records.Record) (Pull, bool) {
	if len(history) == 0 {
		return Pull{}, false
	}
	p := Pull{Repo: repo, Number: number, Viewer: viewer, Latest: history[len(history)-1],
		URL: fmt.Sprintf("https://github.com/%s/pull/%d", repo, number)}
	if r := p.Latest.Result; r != nil {
		p.Title = r.Pull.Title
		if r.Pull.URL != "" {
			p.URL = r.Pull.URL
		}
	}
	index := map[string]int{}
	for _, rec := range history {
		i, ok := index[rec.HeadSHA]
		if !ok {
			i = len(p.Heads)
			index[rec.HeadSHA] = i
			p.Heads = append(p.Heads, Head{SHA: rec.HeadSHA})
		}
		p.Heads[i].Records = append(p.Heads[i].Records, rec)
	}
	for i, j := 0, len(p.Heads)-1; i < j; i, j = i+1, j-1 {
		p.Heads[i], p.Heads[j] = p.Heads[j], p.Heads[i]
	}
	return p, true
}

// HTML renders the page.
func HTML(p Pull) ([]byte, error) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("render the details of %s#%d: %w", p.Repo, p.Number, err)
	}
	return buf.Bytes(), nil
}

func verdictWords(v string) string {
	switch v {
	case "pass":
		return "Passes"
	case "fail":
		return "Fails"
	case "pending":
		return "Pending"
	}
	return "Not evaluated"
}
