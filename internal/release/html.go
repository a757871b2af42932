package release

import (
	"bytes"
	"embed"
	"html/template"
	"strings"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

//go:embed templates/release.html templates/choose.html
var templates embed.FS

// page is the release record's HTML; html/template escapes every value taken from GitHub.
var page = template.Must(template.New("release.html").Funcs(template.FuncMap{
	"short": snapshot.ShortSHA,
	"day":   day,
	"codes": codes,
	"plain": func(s string) string { return strings.ReplaceAll(s, "`", "") },
}).ParseFS(templates, "templates/release.html"))

// choose asks which range to record.
var choose = template.Must(template.ParseFS(templates, "templates/choose.html"))

// Download is a link to the record in another format.
type Download struct{ Label, URL string }

// htmlView is the record with what the served page adds to it.
type htmlView struct {
	*Record
	Viewer    string
	Downloads []Download
}

// HTML is the release record as a page that reads without JavaScript and prints cleanly to PDF.
func HTML(r *Record) ([]byte, error) { return execute(page, htmlView{Record: r}) }

// Page is the release record as the app serves it: for a signed-in viewer, with links to
// download the same record in other formats.
func Page(r *Record, viewer string, downloads []Download) ([]byte, error) {
	return execute(page, htmlView{Record: r, Viewer: viewer, Downloads: downloads})
}

// RangeForm asks a signed-in viewer for the two refs of a release of repo; problem, when set,
// says what was wrong with the last ones.
type RangeForm struct {
	Repo, Viewer, From, To string
	Problem                string
}

// ChoosePage is the form that asks for a range.
func ChoosePage(f RangeForm) ([]byte, error) { return execute(choose, f) }

func execute(t *template.Template, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// codes shows the items of every list as code, or "none" when all are empty.
func codes(lists ...[]string) template.HTML {
	var items []string
	for _, l := range lists {
		items = append(items, l...)
	}
	if len(items) == 0 {
		return "none"
	}
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "<code>" + template.HTMLEscapeString(s) + "</code>"
	}
	return template.HTML(strings.Join(out, ", ")) //nolint:gosec // every item is escaped above
}
