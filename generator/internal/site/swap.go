package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// stagingPrefix names the temporary directories built beside out (same file system, so that
// the swap is a rename).
func stagingPrefix(out string) string { return "." + filepath.Base(out) + ".building-" }

// replaceDir puts the finished directory next in the place of out. Where the file system
// allows it the two are exchanged in one atomic step (renameat2 RENAME_EXCHANGE), so that
// out is at every instant either the whole old site or the whole new one; next then holds
// the old site, which the caller removes.
func replaceDir(next, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(next, out); err != nil {
			return fmt.Errorf("publishing %s: %w", out, err)
		}
		return os.MkdirAll(next, 0o755) // leave the caller something to remove
	}
	err := unix.Renameat2(unix.AT_FDCWD, next, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	if err == nil {
		return nil
	}
	if !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ENOSYS) {
		return fmt.Errorf("publishing %s: %w", out, err)
	}
	// No atomic exchange here: two renames, with the old site kept until the new is in place.
	old := next + ".old"
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("publishing %s: %w", out, err)
	}
	if err := os.Rename(next, out); err != nil {
		_ = os.Rename(old, out)
		return fmt.Errorf("publishing %s: %w", out, err)
	}
	return os.Rename(old, next)
}

// cleanLeftovers removes staging directories that an interrupted build left beside out.
func cleanLeftovers(out string) {
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix(out)) {
			os.RemoveAll(filepath.Join(filepath.Dir(out), e.Name()))
		}
	}
}
