// Package datafile is how the generator writes its files (Write, and Sync for a directory of
// them): whole or not at all, and not at all when they already hold the same bytes, so that
// a build without a change leaves data/ untouched for git, and a watching Hugo (the preview)
// sees only what changed. What a build records in the data directory once the site is
// published (the calendar lock, the record of changes, the list of public URLs) each package
// that makes it returns as a Record, for the build to write in one place. It also reads the
// lines of the two locks (Lines).
package datafile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"
)

// Lines calls each with the fields of every line of src, the file at path, that is neither
// blank nor a comment (starting with #). An error each returns is that line's: Lines stops
// and returns it as "path:line: the error; expected <expected>".
func Lines(path string, src []byte, expected string, each func(fields []string) error) error {
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := each(strings.Fields(line)); err != nil {
			return fmt.Errorf("%s:%d: %s; expected %s", filepath.ToSlash(path), i+1, err, expected)
		}
	}
	return nil
}

// Record is a file a build records in the data directory once the site that relies on it is
// published: its path and what it must hold.
type Record struct {
	Path string
	Text []byte
}

// Write makes the file at path hold b, through a new file beside it and a rename, so that a
// reader (or a killed build) never finds half a file, and a file hard-linked into a
// published site (package publish) is never changed in place. A file that already holds b
// is left alone. The directory of path is made if need be.
func Write(path string, b []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; else what a failure left
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Sync makes dir hold exactly files, keyed by slash-separated paths under dir. A file
// that already holds its bytes is not written again, so that a rebuild writes only what
// changed and a watching Hugo (serve) sees only that; files and directories no longer
// generated are removed. Files are written in parallel.
func Sync(dir string, files map[string][]byte) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for name, b := range files {
		g.Go(func() error { return Write(filepath.Join(dir, filepath.FromSlash(name)), b) })
	}
	if err := g.Wait(); err != nil {
		return fmt.Errorf("writing the generated files: %w", err)
	}
	var stale, dirs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, path)
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("clearing old generated files: %w", err)
	}
	for _, path := range stale {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("clearing old generated files: %w", err)
		}
	}
	for i := len(dirs) - 1; i > 0; i-- { // deepest first; dirs[0] is dir itself
		os.Remove(dirs[i]) // fails, as it should, when the directory is not empty
	}
	return nil
}
