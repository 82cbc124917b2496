// Package site makes what the site is built from: the checked notices and their timelines
// (Prepare); the templates' data, the model Go computes and the templates only render
// (WriteTemplateData); and the generated files published as they are, the notices' JSON,
// the calendar feeds and the QR images (WriteStatic). It does not run Hugo (package render
// does) nor publish anything (package publish does); where the files go is package
// project's to say.
package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/sync/errgroup"

	"examnotice/generator/internal/calendar"
	"examnotice/generator/internal/change"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/timeline"
)

// Prepared is every checked notice with its derived timeline, newest first: the first is
// the current notice (the one with the latest exam day).
type Prepared struct {
	Notices  []timeline.Notice
	Warnings data.Problems
	texts    map[string]string // each notice's text, by notice id
	// changes is data/changes.lock as this build shows it; changesRecord is its file.
	changes       *change.Record
	changesRecord datafile.Record
	// siteJSON is the model of the notices as the templates read it (data/site.json);
	// noticeJSON each notice's part of it, by the path it is published at (encode).
	siteJSON   []byte
	noticeJSON map[string]json.RawMessage
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

// Prepare loads, checks and derives the notices of dataDir, and encodes their model (the
// templates' data and the notices' JSON). Its error lists every problem.
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
	p := &Prepared{Notices: notices, Warnings: append(warnings, derived...).Sorted(), texts: texts, changes: changes, changesRecord: record}
	return p, p.encode()
}

// encode makes the model of the notices and encodes it, each notice once, on as many
// goroutines as there are cores: data/site.json holds them all, and the site publishes
// each (indented) as its notice.json, the current notice's as /notice.json too.
func (p *Prepared) encode() error {
	sm := p.site(p.texts)
	sm.NoticesJSON = make([]json.RawMessage, len(sm.Notices)) // each goroutine writes its own element
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, m := range sm.Notices {
		g.Go(func() (err error) {
			if sm.NoticesJSON[i], err = json.Marshal(m); err != nil {
				return fmt.Errorf("encoding %s: %w", m.JSON, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var err error
	if p.siteJSON, err = encodeJSON("data/site.json", sm); err != nil {
		return err
	}
	p.noticeJSON = map[string]json.RawMessage{permalink.JSON: sm.NoticesJSON[sm.Current]}
	for i, m := range sm.Notices {
		p.noticeJSON[m.JSON] = sm.NoticesJSON[i]
	}
	return nil
}

// WriteTemplateData makes dir, which hugo.toml mounts as Hugo's data directory, hold what
// the templates read as hugo.Data: site.json, the notices' model, and today.json, each
// deadline's state on the day today, the one file that depends on it. A file that already
// holds its bytes is not written again, and what dir no longer holds is removed.
func (p *Prepared) WriteTemplateData(dir string, today data.Date) error {
	todayJSON, err := encodeJSON("data/today.json", p.today(today))
	if err != nil {
		return err
	}
	return datafile.Sync(dir, map[string][]byte{"site.json": p.siteJSON, "today.json": todayJSON})
}

// Generated says what WriteStatic wrote.
type Generated struct {
	Feeds, Images int // calendar files; QR image files (PNG and SVG)
	Published     int // every file under static, which a build links into the site
	// Records are the files of the data directory that the published files rely on, the
	// calendar lock (with the new SEQUENCE of every changed event) and the record of changes,
	// as they must be written once the site that holds these files is published.
	Records []datafile.Record
}

// WriteStatic makes the files the site publishes as they are, for the site at base, and
// makes the directory static hold exactly them: the calendars (their identities from
// dataDir's lock), the QR images, the notices' JSON (indented, for other tools: the current
// notice's as notice.json too) and texts. A file that already holds its bytes is not written
// again. The record of the QR images, which lets a rebuild keep the images of unchanged
// payloads, is kept as dir/qr-images. None of it depends on the day.
//
// The preview passes dir/static, which hugo.toml mounts, so that Hugo serves the files; a
// build passes a directory of their own, and links them into the site Hugo rendered.
func (p *Prepared) WriteStatic(dir, static, dataDir, base string) (*Generated, error) {
	published := map[string][]byte{}
	for path, b := range p.noticeJSON {
		var indented bytes.Buffer
		if err := json.Indent(&indented, b, "", "  "); err != nil {
			return nil, fmt.Errorf("indenting %s: %w", path, err)
		}
		published[path] = append(indented.Bytes(), '\n')
	}
	for _, n := range p.Notices {
		published[permalink.SourceText(n.Meta.SourceFile)] = []byte(p.texts[n.Meta.ID])
	}
	// The calendars and the QR images are independent; each also uses every core it can.
	var (
		feeds, images map[string][]byte
		lock          datafile.Record
		record        []byte
		work          errgroup.Group
	)
	work.Go(func() (err error) {
		feeds, lock, err = calendar.Generate(dataDir, p.Notices, base, p.changes)
		return err
	})
	work.Go(func() (err error) {
		images, record, err = p.qrFiles(filepath.Join(dir, qrRecord), static, base)
		return err
	})
	if err := work.Wait(); err != nil {
		return nil, err
	}
	maps.Copy(published, feeds)
	maps.Copy(published, images)
	if err := datafile.Sync(static, published); err != nil {
		return nil, err
	}
	if err := datafile.Write(filepath.Join(dir, qrRecord), record); err != nil {
		return nil, fmt.Errorf("writing the record of the QR images: %w", err)
	}
	g := &Generated{Feeds: len(feeds), Images: len(images), Published: len(published), Records: []datafile.Record{lock, p.changesRecord}}
	return g, nil
}

// encodeJSON is v as compact JSON with a final newline; path names it in an error. The
// templates' data is read by Hugo only.
func encodeJSON(path string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", path, err)
	}
	return append(b, '\n'), nil
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
