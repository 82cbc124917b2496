package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Link puts the files of the directory generated into dir, the site Hugo rendered, at the
// same paths: a hard link for each where the file system allows it, else a copy (see the
// package doc). A generated file at the path of a file dir already has is an error ("the
// generated file X is also a page of the site; rename one").
func Link(generated, dir string) error {
	return linkTree(generated, dir, os.Link)
}

// linkTree is Link with the function that makes a hard link; on its first failure other than
// "exists" (another file system, or no links allowed) it copies from then on.
func linkTree(generated, dir string, link func(oldname, newname string) error) error {
	linking := true
	return filepath.WalkDir(generated, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(generated, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dir, rel)
		if d.IsDir() {
			if err := os.MkdirAll(to, 0o755); err != nil {
				if info, statErr := os.Stat(to); statErr == nil && !info.IsDir() {
					return alsoAPage(rel)
				}
				return err
			}
			return nil
		}
		if linking {
			err := link(path, to)
			if err == nil {
				return nil
			}
			if errors.Is(err, fs.ErrExist) {
				return alsoAPage(rel)
			}
			linking = false
		}
		return copyFile(path, to, rel)
	})
}

// copyFile copies from to a new file to; rel names it in an error.
func copyFile(from, to, rel string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return alsoAPage(rel)
	}
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return fmt.Errorf("copying the generated file %s: %w", filepath.ToSlash(rel), err)
	}
	return dst.Close()
}

func alsoAPage(rel string) error {
	return fmt.Errorf("the generated file %s is also a page of the site; rename one", filepath.ToSlash(rel))
}
