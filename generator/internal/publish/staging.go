package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// oldSuffix, added to the name of a staging directory, names where the two-rename Replace
// keeps the old site while out is missing. A directory of that name always holds a whole site.
const oldSuffix = ".old"

// retiredSuffix, added to the name of a staging directory, names where Replace leaves the
// site it replaced, for the next build to remove (Stage.RemoveLeftovers).
const retiredSuffix = ".retired"

// stagingPrefix starts the names of the staging directories beside out.
func stagingPrefix(out string) string { return "." + filepath.Base(out) + ".building-" }

// Stage is a build's staging directory beside the published one, and what earlier builds
// left there.
type Stage struct {
	Dir  string   // fresh and empty, on the file system of out
	left []string // the site the last build replaced; what interrupted builds left
}

// Staging makes a fresh, empty directory beside out (on the same file system, so that
// Replace is a rename). The caller removes it once it is done with it: after a successful
// Replace nothing is left under its name. If out is missing because a build died between
// the two renames of Replace, Staging first puts the old site, kept under a sibling name,
// back in place.
func Staging(out string) (Stage, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Stage{}, fmt.Errorf("creating the directory of %s: %w", out, err)
	}
	if err := restoreInterruptedSwap(out); err != nil {
		return Stage{}, err
	}
	s := Stage{left: leftovers(out)} // listed before the new directory, which has their prefix
	dir, err := os.MkdirTemp(parent, stagingPrefix(out))
	if err == nil {
		// MkdirTemp makes it private (0700); the published directory is read by a web
		// server's own user, like every directory Hugo makes in it.
		err = os.Chmod(dir, 0o755)
	}
	if err != nil {
		return Stage{}, fmt.Errorf("creating the staging directory beside %s: %w", out, err)
	}
	s.Dir = dir
	return s, nil
}

// RemoveLeftovers removes what earlier builds left beside out: the site the last build
// replaced, and the staging directories of interrupted builds. A build runs it while it reads
// its data, which does not touch them. What cannot be removed (say a file a program holds
// open on Windows) only takes up space, and the next build tries again, so failures are not
// reported.
func (s Stage) RemoveLeftovers() {
	for _, path := range s.left {
		os.RemoveAll(path)
	}
}

// restoreInterruptedSwap puts the old site back at out if out is missing and a Replace that
// died between its two renames left the old site beside it (the newest, should there be more).
func restoreInterruptedSwap(out string) error {
	if _, err := os.Lstat(out); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("looking for the published site %s: %w", out, err)
	}
	parked, err := newestParkedSite(out)
	if err != nil || parked == "" {
		return err
	}
	if err := rename(parked, out); err != nil {
		return fmt.Errorf("putting back the published site that an interrupted build left in %s: %w; rename it to %s by hand", parked, err, out)
	}
	return nil
}

// newestParkedSite returns the most recently modified old site parked beside out, or "".
func newestParkedSite(out string) (string, error) {
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return "", fmt.Errorf("looking for the leftovers of an interrupted build beside %s: %w", out, err)
	}
	var newest string
	var newestInfo fs.FileInfo
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), stagingPrefix(out)) || !strings.HasSuffix(e.Name(), oldSuffix) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		if newestInfo == nil || info.ModTime().After(newestInfo.ModTime()) {
			newest, newestInfo = filepath.Join(filepath.Dir(out), e.Name()), info
		}
	}
	return newest, nil
}

// leftovers lists what earlier builds left beside out: the site the last build replaced,
// staging directories, and old sites parked there that a site at out has replaced.
func leftovers(out string) []string {
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return nil
	}
	var paths []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix(out)) {
			paths = append(paths, filepath.Join(filepath.Dir(out), e.Name()))
		}
	}
	return paths
}
