package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// linkGenerated puts the files of the directory generated (calendars, QR images and
// notice.json, written there by writeGenerated) into the site that Hugo rendered into
// staging: a hard link for each where the file system allows one, else a copy.
//
// Hugo never sees these files in a build. Its static copy took most of a large build's time
// (some sixteen files per round, each compared and created one after the other), and
// creating a file costs far more than linking one on some file systems (this machine's:
// about 300 µs against 8 µs).
//
// A link never lets a later build change a published file: the generator replaces a
// generated file by a rename (writeFile) and removes stale ones; it never rewrites one in
// place. A generated file at the path of a page Hugo wrote is an error: neither wins silently.
func linkGenerated(generated, staging string) error {
	link := true
	return filepath.WalkDir(generated, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(generated, path)
		if err != nil {
			return err
		}
		to := filepath.Join(staging, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if link {
			err := os.Link(path, to)
			if err == nil {
				return nil
			}
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("the generated file %s is also a page of the site; rename one", filepath.ToSlash(rel))
			}
			link = false // another file system, or no links allowed: copy from here on
		}
		return copyFile(path, to, rel)
	})
}

// copyFile copies from to a new file to; rel names it in an error.
func copyFile(from, to, rel string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("the generated file %s is also a page of the site; rename one", filepath.ToSlash(rel))
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
