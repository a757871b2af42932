package snapshot

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadCatalogue(t *testing.T) {
	base := fstest.MapFS{
		PullFile:    {Data: []byte(`{"number": 1}`)},
		FilesFile:   {Data: []byte(`[]`)},
		CommitsFile: {Data: []byte(`[]`)},
		ReviewsFile: {Data: []byte(`[]`)},
	}
	with := func(files map[string]string) fstest.MapFS {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		for k, v := range files {
			fsys[k] = &fstest.MapFile{Data: []byte(v)}
		}
		return fsys
	}
	t.Run("none without the directory", func(t *testing.T) {
		s, err := LoadFS(base, "snap")
		if err != nil || s.Catalogue != nil {
			t.Fatalf("catalogue %+v, err %v; want none", s.Catalogue, err)
		}
	})
	t.Run("issues, files and what was not read", func(t *testing.T) {
		s, err := LoadFS(with(map[string]string{
			CatalogueIssuesFile:                           `[{"number": 3, "title": "REQ-1: Dose limit"}]`,
			CatalogueFilesDir + "/docs/requirements/a.md": "## REQ-2: Alarm\n",
			CatalogueIncompleteFile:                       "300 of 412 files read\n",
		}), "snap")
		if err != nil {
			t.Fatal(err)
		}
		c := s.Catalogue
		if len(c.Issues) != 1 || c.Issues[0].GetNumber() != 3 || string(c.Files["docs/requirements/a.md"]) != "## REQ-2: Alarm\n" || c.Incomplete != "300 of 412 files read" {
			t.Errorf("catalogue %+v", c)
		}
	})
	t.Run("malformed issues name the file", func(t *testing.T) {
		_, err := LoadFS(with(map[string]string{CatalogueIssuesFile: `{"number": 3}`}), "snap")
		if err == nil || !strings.Contains(err.Error(), "snap/catalogue/issues.json: line 1") {
			t.Errorf("error %v, want one naming catalogue/issues.json", err)
		}
	})
}
