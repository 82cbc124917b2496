// Package datafile writes the files a build records in the data directory (the calendar
// lock, the record of changes, the list of public URLs): whole or not at all, and not at
// all when they already hold the same bytes, so that a build without a change leaves
// data/ untouched for git. It also reads the lines of the two locks (Lines).
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
			return fmt.Errorf("%s:%d: %s; expected %s", path, i+1, err, expected)
		}
	}
	return nil
}

// Write makes the file at path hold b, through a temporary file beside it and a rename, so
// that a reader (or a killed build) never finds half a file. A file that already holds b is
// left alone.
func Write(path string, b []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
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
