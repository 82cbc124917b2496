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
// site it replaced, for the next Staging to remove while that build works (see Staging).
const retiredSuffix = ".retired"

// stagingPrefix starts the names of the staging directories beside out.
func stagingPrefix(out string) string { return "." + filepath.Base(out) + ".building-" }

// Stage is a build's staging directory beside the published one, and what earlier builds
// left there.
type Stage struct {
	Dir string // fresh and empty, on the file system of out
	// Retired is the site the last build replaced, "" if there is none: Link takes from it
	// the directories of generated files that it already holds as they are, before Sweep
	// removes it.
	Retired string
	left    []string
}

// Staging makes a fresh, empty directory beside out (same file system, so that Replace is a
// rename). Its Sweep removes what earlier builds left there: the site the last build
// replaced, and the staging directories of interrupted builds. A build runs it on a goroutine
// while Hugo renders (after Link, which may take from the retired site), and waits for it
// before it returns, so that afterwards nothing of the builds before it is left beside out.
//
// If out is missing because a build died between the two renames of Replace, Staging first
// puts the old site, kept under a sibling name, back in place.
func Staging(out string) (Stage, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Stage{}, fmt.Errorf("creating the directory of %s: %w", out, err)
	}
	if err := restoreInterruptedSwap(out); err != nil {
		return Stage{}, err
	}
	s := Stage{left: leftovers(out)} // listed before the new directory is made, which has their prefix
	for _, name := range s.left {
		if strings.HasSuffix(name, retiredSuffix) {
			s.Retired = name
		}
	}
	dir, err := os.MkdirTemp(parent, stagingPrefix(out))
	if err != nil {
		return Stage{}, fmt.Errorf("creating the staging directory beside %s: %w", out, err)
	}
	s.Dir = dir
	return s, nil
}

// Sweep removes what earlier builds left beside out (see Staging). What cannot be removed
// (say a file a program holds open on Windows) only takes up space, and the next build
// tries again, so failures are not reported.
func (s Stage) Sweep() {
	for _, name := range s.left {
		os.RemoveAll(name)
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

// leftovers lists what earlier builds left beside out, for Sweep to remove: staging
// directories, old sites parked there and the site the last build replaced.
func leftovers(out string) []string {
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix(out)) {
			names = append(names, filepath.Join(filepath.Dir(out), e.Name()))
		}
	}
	return names
}
