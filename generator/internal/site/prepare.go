// Package site makes what the site is built from: the checked notice and its timeline
// (Prepare), the notice data the templates render (model, published as notice.json too), the
// calendar feeds and the QR images, written where Hugo and the build take them (Write). It
// does not run Hugo (package render does) nor publish anything (package publish does).
package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/sync/errgroup"

	"examnotice/generator/internal/calendar"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/timeline"
)

// GeneratedDir is where the generator writes the files Hugo mounts (see hugo.toml), relative
// to the project root. It is git-ignored.
const GeneratedDir = ".build/gen"

// StaticDir is where a build writes the files it publishes as they are (calendars, QR
// images, notice.json), relative to the project root: the build links them into the site
// after Hugo has rendered it. The preview writes them to GeneratedDir/static instead, which
// hugo.toml mounts. It is git-ignored.
const StaticDir = ".build/static"

// Prepared is the checked notice with its derived timeline.
type Prepared struct {
	Notice   *data.Notice
	Rounds   []timeline.Round
	Warnings data.Problems
}

// Prepare loads, checks and derives the notice of dataDir. Its error lists every problem.
func Prepare(dataDir string) (*Prepared, error) {
	n, err := data.Load(dataDir)
	if err != nil {
		return nil, err
	}
	if err := data.Check(n); err != nil {
		return nil, err
	}
	rounds, warnings, err := timeline.Derive(n)
	if err != nil {
		return nil, fmt.Errorf("deriving the timeline: %w", err)
	}
	return &Prepared{Notice: n, Rounds: rounds, Warnings: warnings}, nil
}

// Generated says what Write wrote.
type Generated struct {
	Files, Feeds, Images int          // all files; calendar files; QR image files
	commit               func() error // records the calendar lock
}

// Commit records what may only be recorded once the site that holds the generated files is
// published: the calendar lock of dataDir, with the new SEQUENCE of every changed event.
func (g *Generated) Commit() error { return g.commit() }

// Write writes the generated files for the site at base: under dir, the notice data for the
// templates (data/notice.json, mounted by hugo.toml) and the record of the QR images; under
// static, the files published as they are (calendars, QR images, notice.json). The calendars
// take their identities from dataDir's lock. The preview passes dir/static, which hugo.toml
// mounts, so that Hugo serves them; a build passes a directory of their own, whose files it
// links into the site itself, so that Hugo never copies them.
func (p *Prepared) Write(dir, static, dataDir, base string) (*Generated, error) {
	g := &Generated{commit: func() error { return nil }}
	// The three are independent; each also uses every core it can on a large notice.
	var (
		js, record []byte
		feeds      map[string][]byte
		images     map[string][]byte
		commit     func() error
		work       errgroup.Group
	)
	work.Go(func() (err error) {
		js, err = json.MarshalIndent(p.model(), "", "  ")
		if err != nil {
			return fmt.Errorf("encoding the timeline: %w", err)
		}
		js = append(js, '\n')
		return nil
	})
	work.Go(func() (err error) {
		feeds, commit, err = calendar.Generate(dataDir, p.Notice, p.Rounds, base)
		return err
	})
	work.Go(func() (err error) {
		images, record, err = p.qrFiles(filepath.Join(dir, qrRecord), static, base)
		return err
	})
	if err := work.Wait(); err != nil {
		return g, err
	}
	// The templates' data and the record of the QR images, which are not published; the
	// timeline is also published as it is, for other tools.
	own := map[string][]byte{"data/notice.json": js, qrRecord: record}
	published := map[string][]byte{"notice.json": js}
	for _, files := range []map[string][]byte{feeds, images} {
		for name, b := range files {
			published[name] = b
		}
	}
	if rel, err := filepath.Rel(dir, static); err == nil && filepath.ToSlash(rel) == "static" {
		for name, b := range published {
			own["static/"+name] = b
		}
	} else if err := syncDir(static, published); err != nil {
		return g, err
	}
	if err := syncDir(dir, own); err != nil { // without a static/, a build clears the preview's
		return g, err
	}
	if commit != nil {
		g.commit = commit
	}
	g.Files, g.Feeds, g.Images = len(published)+2, len(feeds), len(images)
	return g, nil
}

// syncDir makes dir hold exactly files, keyed by slash-separated paths under dir. A file
// that already holds its bytes is not written again, so that a rebuild writes only what
// changed and a watching Hugo (serve) sees only that; files and directories no longer
// generated are removed.
func syncDir(dir string, files map[string][]byte) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for name, b := range files {
		g.Go(func() error {
			path := filepath.Join(dir, filepath.FromSlash(name))
			if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
				return nil
			}
			return writeFile(path, b)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var stale, dirs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, path)
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("clearing old generated files: %w", err)
	}
	for _, path := range stale {
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("clearing old generated files: %w", err)
		}
	}
	for i := len(dirs) - 1; i > 0; i-- { // deepest first; dirs[0] is dir itself
		os.Remove(dirs[i]) // fails, as it should, when the directory is not empty
	}
	return nil
}

// writeFile writes b to path through a temporary file and a rename, so that a watching
// Hugo never reads half a file.
func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
