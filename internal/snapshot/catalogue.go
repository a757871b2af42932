package snapshot

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// loadCatalogue reads the catalogue directory, when there is one: without it the snapshot has
// no catalogue, and a policy that names one fails every requirement ID (nothing is known to be
// defined).
func (l *loader) loadCatalogue(s *Snapshot) error {
	if _, err := fs.Stat(l.fsys, CatalogueDir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	c := &Catalogue{Files: map[string][]byte{}}
	if err := l.decodeFile(CatalogueIssuesFile, &c.Issues); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	incomplete, err := fs.ReadFile(l.fsys, CatalogueIncompleteFile)
	switch {
	case err == nil:
		c.Incomplete = strings.TrimSpace(string(incomplete))
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("read %s: %w", l.display(CatalogueIncompleteFile), err)
	}
	if err := l.loadCatalogueFiles(c); err != nil {
		return err
	}
	s.Catalogue = c
	return nil
}

// loadCatalogueFiles reads catalogue/files/{path} as the file at {path} on the base branch.
func (l *loader) loadCatalogueFiles(c *Catalogue) error {
	if _, err := fs.Stat(l.fsys, CatalogueFilesDir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return fs.WalkDir(l.fsys, CatalogueFilesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read %s: %w", l.display(path), err)
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(l.fsys, path)
		if err != nil {
			return fmt.Errorf("read %s: %w", l.display(path), err)
		}
		c.Files[strings.TrimPrefix(path, CatalogueFilesDir+"/")] = data
		return nil
	})
}
