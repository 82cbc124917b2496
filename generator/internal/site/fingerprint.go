package site

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"

	"examnotice/generator/internal/calendar"
	"examnotice/generator/internal/change"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/publicurl"
)

// Inputs is the SHA-256, in hex, of what the templates' data (Begin) is made from: the
// generator (its Go version, module, version and revision as Go recorded them in the binary),
// the base URL, the day, and every file under dataDir by name and bytes but the three a build
// records there (the calendar lock, the record of changes, the list of public URLs), which
// follow from the others and the builds before: a build that records them does not make its
// own record stale. A build records it beside the Fingerprint of what Begin wrote, to
// foresee, next time, that Begin will change nothing (package build). A generator built from
// a changed working tree has the digest of its revision; should it encode the same inputs
// differently, or a recorded file have been edited by hand, Begin's changed says so.
func Inputs(dataDir, base string, today data.Date) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "examnotice templates' data\x00%s\x00%s\x00%s\x00", generatorIdentity(), base, today)
	recorded := []string{calendar.LockFile, change.RecordFile, publicurl.File}
	if err := digestTree(h, dataDir, recorded...); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Fingerprint is the SHA-256, in hex, of the templates' data in dir as Begin left it: every
// file under dir/data, by name and bytes. It is "" when dir also holds files Hugo would read
// that a build's Begin removes (the preview's static/), or cannot be read.
func Fingerprint(dir string) string {
	if _, err := os.Lstat(filepath.Join(dir, "static")); !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	h := sha256.New()
	if err := digestTree(h, filepath.Join(dir, "data")); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// digestTree writes every file under dir but those named skip (slash-separated paths under
// dir) into h, in the order of a walk: its slash-separated path, its length and its bytes.
func digestTree(h hash.Hash, dir string, skip ...string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if slices.Contains(skip, name) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
		return nil
	})
}

// generatorIdentity names the generator as Go recorded it in the binary.
func generatorIdentity() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	id := fmt.Sprintf("%s %s %s %s", bi.GoVersion, bi.Main.Path, bi.Main.Version, bi.Main.Sum)
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
			id += " " + s.Key + "=" + s.Value
		}
	}
	return id
}
