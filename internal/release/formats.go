package release

// Format is one way to write the record down.
type Format struct {
	Write       func(*Record) ([]byte, error)
	ContentType string
	// Ext is the file name's extension, without the dot.
	Ext string
}

// Formats are the record's formats by the name `--format` and `&format=` take.
var Formats = map[string]Format{
	"markdown": {func(r *Record) ([]byte, error) { return []byte(Markdown(r)), nil }, "text/markdown; charset=utf-8", "md"},
	"html":     {HTML, "text/html; charset=utf-8", "html"},
	"csv":      {CSV, "text/csv; charset=utf-8; header=present", "csv"},
	"json":     {JSON, "application/json", "json"},
}
