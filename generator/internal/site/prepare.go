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
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"examnotice/generator/internal/calendar"
	"examnotice/generator/internal/change"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/permalink"
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

// Prepared is every checked notice with its derived timeline, newest first: the first is
// the current notice (the one with the latest exam day).
type Prepared struct {
	Notices  []timeline.Notice
	Warnings data.Problems
	texts    map[string]string // each notice's text, by notice id
	// changes is data/changes.lock as this build records it; recordChanges writes it.
	changes       *change.Record
	recordChanges func() error
}

// Changes is the record of changes as this build shows it: data/changes.lock advanced over
// the notices.
func (p *Prepared) Changes() *change.Record { return p.changes }

// Rounds counts the rounds of every notice.
func (p *Prepared) Rounds() (rounds, milestones int) {
	for _, n := range p.Notices {
		rounds += len(n.Rounds)
		for _, r := range n.Rounds {
			milestones += len(r.Milestones)
		}
	}
	return rounds, milestones
}

// Prepare loads, checks and derives the notices of dataDir. Its error lists every problem.
func Prepare(dataDir string) (*Prepared, error) {
	lib, err := data.Load(dataDir)
	if err != nil {
		return nil, err
	}
	warnings, err := lib.Check()
	if err != nil {
		return nil, err
	}
	notices, derived, err := timeline.DeriveAll(lib)
	if err != nil {
		return nil, fmt.Errorf("deriving the timeline: %w", err)
	}
	texts := map[string]string{}
	for _, n := range notices {
		b, err := os.ReadFile(filepath.Join(n.Dir, n.Meta.SourceFile))
		if err != nil {
			return nil, fmt.Errorf("reading the text of notice %s: %w", n.Meta.ID, err)
		}
		texts[n.Meta.ID] = string(b)
	}
	changes, record, err := change.Load(dataDir, notices)
	if err != nil {
		return nil, err
	}
	return &Prepared{Notices: notices, Warnings: append(warnings, derived...).Sorted(), texts: texts, changes: changes, recordChanges: record}, nil
}

// Generated says what Write wrote.
type Generated struct {
	Files, Feeds, Images int          // all files; calendar files; QR image files
	Published            int          // the files under static, which a build links into the site
	PublishedBytes       int64        // their bytes
	commit               func() error // records the calendar lock
}

// Commit records what may only be recorded once the site that holds the generated files is
// published: the calendar lock of dataDir, with the new SEQUENCE of every changed event, and
// its record of changes (data/changes.lock), which the pages and feeds show.
func (g *Generated) Commit() error { return g.commit() }

// Write writes the generated files for the site at base on the day today: under dir, the
// data for the templates (data/site.json and data/today.json, mounted by hugo.toml) and the
// record of the QR images; under static, the files published as they are (calendars, QR
// images, the notices' JSON and texts). The calendars take their identities from dataDir's
// lock. Only data/today.json depends on today. The preview passes dir/static, which hugo.toml
// mounts, so that Hugo serves them; a build passes a directory of their own, whose files it
// links into the site itself, so that Hugo never copies them.
//
// Everything is written when Write returns, as the preview needs before Hugo serves. It is
// Begin and its finish; a build calls them apart, so that Hugo renders while the rest is made.
func (p *Prepared) Write(dir, static, dataDir, base string, today data.Date) (*Generated, error) {
	finish, _, err := p.Begin(dir, static, dataDir, base, today, nil)
	if err != nil {
		return &Generated{commit: func() error { return nil }}, err
	}
	return finish()
}

// Begin is Write in two parts. It writes what Hugo reads, the templates' data (dir/data), and
// removes from dir what it no longer holds (a build's dir has no static/: it removes the
// preview's); then it makes what Hugo does not read, the files under static and the record of
// the QR images, on its own goroutines, so that a build renders the pages meanwhile. finish
// waits for that work and returns what Write returns. Call finish exactly once, on every
// path, before anything reads static (publish.Link) and before the build returns, so that
// nothing writes under dir or static after it. changed says whether Begin wrote or removed
// anything in dir; before it does, it calls beforeChange, if not nil: a build that started
// Hugo on dir before Begin, foreseeing the templates' data (package build), waits there for
// that Hugo to finish, and renders again.
func (p *Prepared) Begin(dir, static, dataDir, base string, today data.Date, beforeChange func()) (finish func() (*Generated, error), changed bool, err error) {
	sm := p.site(p.texts)
	notices, err := encodeNotices(sm.Notices)
	if err != nil {
		return nil, false, err
	}
	own := map[string][]byte{} // the templates' data, not published
	if own["data/site.json"], err = encodeSite(sm, notices); err != nil {
		return nil, false, err
	}
	if own["data/today.json"], err = encodeJSON("data/today.json", p.today(today)); err != nil {
		return nil, false, err
	}
	// The preview's static files are under dir, and made below with the rest; the record of
	// the QR images is read below before it is written again.
	rel, err := filepath.Rel(dir, static)
	previewStatic := err == nil && filepath.ToSlash(rel) == "static"
	keep := func(name string) bool { return name == qrRecord || previewStatic && strings.HasPrefix(name, "static/") }
	changed, err = syncDirKeeping(dir, own, keep, beforeChange)
	if err != nil {
		return nil, changed, err
	}

	// The notices' JSON is also published, indented, for other tools: the current notice's
	// as notice.json too. Nothing else of the model, nor the templates' data, is kept meanwhile.
	jsons := map[string][]byte{}
	for i, m := range sm.Notices {
		jsons[m.JSON] = notices[i] // indented by writeStatic, off the path to Hugo
	}
	ownFiles := len(own) + 1 // and the record of the QR images
	done := make(chan struct{})
	var (
		g       = &Generated{commit: func() error { return nil }}
		workErr error
	)
	current := sm.Notices[sm.Current].JSON
	go func() {
		defer close(done)
		for name, b := range jsons {
			if jsons[name], workErr = indentJSON(name, b); workErr != nil {
				return
			}
		}
		jsons[permalink.JSON] = jsons[current]
		workErr = p.writeStatic(g, jsons, dir, static, dataDir, base)
		g.Files = g.Published + ownFiles
	}()
	return func() (*Generated, error) {
		<-done
		return g, workErr
	}, changed, nil
}

// writeStatic makes the files published as they are (the calendars, the QR images, the
// notices' texts; with jsons, the notices' JSON by path), writes them under static and the
// record of the QR images under dir, and says what it wrote in g.
func (p *Prepared) writeStatic(g *Generated, jsons map[string][]byte, dir, static, dataDir, base string) error {
	// The two are independent; each also uses every core it can on a large project.
	var (
		record []byte
		feeds  map[string][]byte
		images map[string][]byte
		commit func() error
		work   errgroup.Group
	)
	work.Go(func() (err error) {
		feeds, commit, err = calendar.Generate(dataDir, p.Notices, base, p.changes)
		return err
	})
	work.Go(func() (err error) {
		images, record, err = p.qrFiles(filepath.Join(dir, qrRecord), static, base)
		return err
	})
	if err := work.Wait(); err != nil {
		return err
	}
	// The notices' texts are also published as they are.
	published := make(map[string][]byte, len(jsons)+len(p.Notices)+len(feeds)+len(images))
	for _, n := range p.Notices {
		published[permalink.SourceText(n.Meta.SourceFile)] = []byte(p.texts[n.Meta.ID])
	}
	for _, files := range []map[string][]byte{jsons, feeds, images} {
		for name, b := range files {
			published[name] = b
		}
	}
	if err := syncDir(static, published); err != nil {
		return err
	}
	if err := writeChanged(filepath.Join(dir, qrRecord), record); err != nil {
		return err
	}
	if commit != nil {
		g.commit = func() error {
			if err := commit(); err != nil {
				return err
			}
			return p.recordChanges()
		}
	}
	g.Feeds, g.Images, g.Published = len(feeds), len(images), len(published)
	for _, b := range published {
		g.PublishedBytes += int64(len(b))
	}
	return nil
}

// encodeNotices encodes each notice's model as encodeJSON does, on as many goroutines as there
// are cores: each is published as it is, and is also part of data/site.json (encodeSite), so
// that it is encoded once.
func encodeNotices(models []model) ([][]byte, error) {
	out := make([][]byte, len(models)) // each goroutine writes its own element
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range models {
		g.Go(func() (err error) {
			out[i], err = encodeJSON(models[i].JSON, models[i])
			return err
		})
	}
	return out, g.Wait()
}

// encodeSite is encodeJSON of sm, with its notices as encodeNotices encoded them: the same
// bytes as json.Marshal of the struct below with the notices as json.RawMessage, which would
// check and compact each notice again (half a millisecond of the real site's, before Hugo can
// start); they are json.Marshal's already, compact and valid (TestEncodeSite).
func encodeSite(sm siteModel, notices [][]byte) ([]byte, error) {
	links, err := json.Marshal(sm.Links)
	if err != nil {
		return nil, fmt.Errorf("encoding data/site.json: %w", err)
	}
	changes, err := json.Marshal(sm.Changes)
	if err != nil {
		return nil, fmt.Errorf("encoding data/site.json: %w", err)
	}
	size := len(links) + len(changes) + 64
	for _, n := range notices {
		size += len(n)
	}
	b := make([]byte, 0, size)
	b = append(b, `{"links":`...)
	b = append(b, links...)
	b = append(b, `,"current":`...)
	b = strconv.AppendInt(b, int64(sm.Current), 10)
	b = append(b, `,"notices":[`...)
	for i, n := range notices {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, bytes.TrimSuffix(n, []byte("\n"))...)
	}
	b = append(b, `],"changes":`...)
	b = append(b, changes...)
	return append(b, "}\n"...), nil
}

// encodeJSON is v as compact JSON with a final newline; path names it in an error. The
// templates' data is read by Hugo only, and compact is quicker to write (indentJSON makes
// what people read).
func encodeJSON(path string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", path, err)
	}
	return append(b, '\n'), nil
}

// indentJSON is encodeJSON's b indented, as json.MarshalIndent would have written it (two
// spaces; an empty object or array stays "{}" or "[]"); path names it in an error. b is
// json.Marshal's, compact and valid, so that this is a walk over its bytes that only tells
// strings apart, about five times quicker than json.Indent, which checks every byte
// (TestIndentJSON holds the two to the same bytes).
func indentJSON(path string, b []byte) ([]byte, error) {
	b = bytes.TrimSuffix(b, []byte("\n"))
	out := make([]byte, 0, len(b)+len(b)/2)
	depth := 0
	newline := func() {
		out = append(out, '\n')
		for range depth {
			out = append(out, ' ', ' ')
		}
	}
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '"':
			j := i + 1
			for ; j < len(b) && b[j] != '"'; j++ {
				if b[j] == '\\' {
					j++
				}
			}
			if j >= len(b) {
				return nil, fmt.Errorf("indenting %s: unterminated string at byte %d", path, i)
			}
			out = append(out, b[i:j+1]...)
			i = j
		case '{', '[':
			out = append(out, c)
			if i+1 < len(b) && (b[i+1] == '}' || b[i+1] == ']') {
				out = append(out, b[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			if depth == 0 {
				return nil, fmt.Errorf("indenting %s: unbalanced %q at byte %d", path, c, i)
			}
			depth--
			newline()
			out = append(out, c)
		case ',':
			out = append(out, c)
			newline()
		case ':':
			out = append(out, ':', ' ')
		case ' ', '\t', '\n', '\r':
			return nil, fmt.Errorf("indenting %s: white space at byte %d; want json.Marshal's compact JSON", path, i)
		default:
			out = append(out, c)
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("indenting %s: %d brackets left open", path, depth)
	}
	return append(out, '\n'), nil
}

// syncDir makes dir hold exactly files, keyed by slash-separated paths under dir. A file
// that already holds its bytes is not written again, so that a rebuild writes only what
// changed and a watching Hugo (serve) sees only that; files and directories no longer
// generated are removed.
func syncDir(dir string, files map[string][]byte) error {
	_, err := syncDirKeeping(dir, files, nil, nil)
	return err
}

// syncDirKeeping is syncDir that also leaves alone the files whose names keep, if not nil,
// accepts: another part of the generator writes them. It first finds what differs; if
// anything does, it calls before, if not nil, then writes and removes. changed says whether
// anything differed. (Directories left empty are removed too, which is no change: Hugo reads
// only files.)
func syncDirKeeping(dir string, files map[string][]byte, keep func(name string) bool, before func()) (changed bool, err error) {
	differ := make([]bool, len(files)) // each goroutine writes its own element
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, name := range names {
		g.Go(func() error {
			differ[i] = !holds(filepath.Join(dir, filepath.FromSlash(name)), files[name])
			return nil
		})
	}
	g.Wait()
	var stale, dirs []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
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
		name := filepath.ToSlash(rel)
		if _, ok := files[name]; !ok && (keep == nil || !keep(name)) {
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("clearing old generated files: %w", err)
	}
	changed = len(stale) > 0 || slices.Contains(differ, true)
	if changed && before != nil {
		before()
	}
	for i, name := range names {
		if differ[i] {
			g.Go(func() error { return writeFile(filepath.Join(dir, filepath.FromSlash(name)), files[name]) })
		}
	}
	if err := g.Wait(); err != nil {
		return true, err
	}
	for _, path := range stale {
		// A leftover path.tmp of a killed build is gone if path was written again.
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return true, fmt.Errorf("clearing old generated files: %w", err)
		}
	}
	for i := len(dirs) - 1; i > 0; i-- { // deepest first; dirs[0] is dir itself
		os.Remove(dirs[i]) // fails, as it should, when the directory is not empty
	}
	return changed, nil
}

// writeChanged writes b to path (see writeFile) unless the file already holds b.
func writeChanged(path string, b []byte) error {
	if holds(path, b) {
		return nil
	}
	return writeFile(path, b)
}

// holds reports whether the file at path holds exactly b. It reads the file in pieces, so
// that comparing the generated files with the last build's allocates next to nothing.
func holds(path string, b []byte) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || info.Size() != int64(len(b)) {
		return false
	}
	var buf [16 << 10]byte
	for len(b) > 0 {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(b))])
		if err != nil || !bytes.Equal(buf[:n], b[:n]) {
			return false
		}
		b = b[n:]
	}
	n, _ := f.Read(buf[:1]) // nothing more
	return n == 0
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

// PublicURLs lists every URL of the site that is a contract with its users, in a fixed
// order: the fixed pages, each notice's pages, JSON and feed, and for each round its page,
// the places its QR codes lead to, its feed and every single-event file. A build records them
// in data/public-urls.txt, which from then on keeps them.
func (p *Prepared) PublicURLs() []string {
	urls := []string{"/", permalink.Schedule, permalink.Process, permalink.Fees, permalink.Groups, permalink.Contacts,
		permalink.Subscribe, permalink.Source, permalink.Rounds, permalink.Notices, permalink.JSON, permalink.AllFeed, permalink.Changes}
	for i := len(p.Notices) - 1; i >= 0; i-- { // oldest first: a new notice's URLs come last
		n := p.Notices[i]
		id := n.Meta.ID
		urls = append(urls, permalink.Notice(id))
		for _, page := range []string{permalink.Schedule, permalink.Process, permalink.Fees, permalink.Groups, permalink.Contacts, permalink.Source} {
			urls = append(urls, permalink.NoticePage(id, page))
		}
		urls = append(urls, permalink.NoticeJSON(id), permalink.NoticeFeed(id), permalink.SourceText(n.Meta.SourceFile))
		joins := map[string]bool{}
		for _, g := range n.Groups.Groups {
			joins[g.Round] = g.JoinURL != ""
		}
		for _, r := range n.Rounds {
			urls = append(urls, permalink.Round(r.ID), permalink.RoundSubscribe(r.ID))
			if !joins[r.ID] {
				urls = append(urls, permalink.Group(r.ID))
			}
			urls = append(urls, permalink.Feed(r.ID))
			for _, m := range r.Milestones {
				urls = append(urls, permalink.Event(r.ID, m.ID))
			}
		}
	}
	return urls
}
