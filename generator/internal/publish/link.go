package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// Link puts the files of the directory generated into dir (a site Hugo rendered): a hard link
// for each where the file system allows it, else a copy. A generated file at the path of a file
// dir already has is an error ("the generated file X is also a page of the site; rename one").
//
// A link never lets a later build change a published file as long as the generator replaces
// a generated file by a rename and never rewrites one in place.
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
			return os.MkdirAll(to, 0o755)
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

// Move moves every file under the directory from, generated files that Link put there while
// Hugo rendered, into dir, the site Hugo rendered, at the same paths: a directory dir does not
// have in one rename, the files of one it has one by one. A generated file at the path of a
// file dir already has is an error, as it is for Link. Afterwards from no longer exists.
func Move(from, dir string) error { return moveInto(from, dir, "", renameNoReplace) }

// moveInto is Move of the directory from into to, renaming with place (renameNoReplace);
// rel is from's path in the site, for messages.
func moveInto(from, to, rel string, place func(from, to string) error) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		src, dst, name := filepath.Join(from, e.Name()), filepath.Join(to, e.Name()), path.Join(rel, e.Name())
		err := place(src, dst)
		if errors.Is(err, fs.ErrExist) { // dst is there: a directory of both, or a collision
			var info fs.FileInfo
			if info, err = os.Lstat(dst); err == nil {
				if e.IsDir() && info.IsDir() {
					err = moveInto(src, dst, name, place)
				} else {
					err = alsoAPage(name)
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return os.Remove(from) // emptied
}

// renameIfAbsent is renameNoReplace in two steps, a look and a rename, for the systems and
// file systems without a rename that refuses to replace.
func renameIfAbsent(from, to string) error {
	if _, err := os.Lstat(to); err == nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: fs.ErrExist}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(from, to)
}
