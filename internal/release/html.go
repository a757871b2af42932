package release

import (
	"bytes"
	"embed"
	"html/template"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

//go:embed templates/release.html
var templates embed.FS

// page is the release record's HTML; html/template escapes every value taken from GitHub.
var page = template.Must(template.New("release.html").Funcs(template.FuncMap{
	"short": snapshot.ShortSHA,
	"day":   day,
	"codes": codes,
}).ParseFS(templates, "templates/release.html"))

// HTML is the release record as a page that reads without JavaScript and prints cleanly to PDF.
func HTML(r *Record) ([]byte, error) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// codes shows items as code, or "none".
func codes(items []string) template.HTML {
	if len(items) == 0 {
		return "none"
	}
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "<code>" + template.HTMLEscapeString(s) + "</code>"
	}
	return template.HTML(strings.Join(out, ", ")) //nolint:gosec // every item is escaped above
}
