// Package datafile is how the generator writes its files (Write): whole or not at all, and
// not at all when they already hold the same bytes, so that a build without a change leaves
// data/ untouched for git, and a watching Hugo (the preview) sees only what changed. What
// a build records in the data directory once the site is published (the calendar lock, the
// record of changes, the list of public URLs) each package that makes it returns as a
// Record, for the build to write in one place. It also reads the lines of the two locks
// (Lines).
package datafile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
