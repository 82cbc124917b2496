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

// Link puts the files of the directory generated into dir (a site Hugo rendered, or a
// directory beside it that Move later moves in): a hard link for each where the file system
// allows it, else a copy. A generated file at the path of a file dir already has is an error
// ("the generated file X is also a page of the site; rename one").
//
// reuse, if not "", is a site an earlier build published (Stage.Retired), which Link may
// take apart: a directory of it that holds exactly what the same directory of generated
// holds, the same names and every file the very same file (a hard link of it, os.SameFile),
// is moved to dir in one rename instead of being linked again file by file (and removed file
// by file by Sweep). On a rebuild whose calendars did not change that is all of calendars/.
//
// A link never lets a later build change a published file as long as the generator replaces
// a generated file by a rename and never rewrites one in place.
func Link(generated, dir, reuse string) error {
	return linkTree(generated, dir, reuse, os.Link)
}

// linkTree is Link with the function that makes a hard link; on its first failure other than
// "exists" (another file system, or no links allowed) it copies from then on.
func linkTree(generated, dir, reuse string, link func(oldname, newname string) error) error {
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
			if reuse != "" && rel != "." && linking {
				if old := filepath.Join(reuse, rel); sameTree(path, old) && os.Rename(old, to) == nil {
					return fs.SkipDir
				}
			}
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

// sameTree says whether the directory old holds what the directory dir holds: the same names,
// each subdirectory the same tree, each file the very same file as dir's (os.SameFile).
func sameTree(dir, old string) bool {
	want, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	have, err := os.ReadDir(old)
	if err != nil || len(have) != len(want) {
		return false
	}
	for i, w := range want { // both sorted by name
		if have[i].Name() != w.Name() || have[i].Type() != w.Type() || !(w.IsDir() || w.Type().IsRegular()) {
			return false
		}
	}
	for i, w := range want {
		p, q := filepath.Join(dir, w.Name()), filepath.Join(old, w.Name())
		if w.IsDir() {
			if !sameTree(p, q) {
				return false
			}
			continue
		}
		a, errA := w.Info()
		b, errB := have[i].Info()
		if errA != nil || errB != nil || !os.SameFile(a, b) {
			return false
		}
	}
	return true
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
