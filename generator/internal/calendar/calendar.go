// Package calendar writes the notice's iCalendar feeds: one subscribable feed per round
// (calendars/<round-id>.ics), one for all rounds (calendars/all.ics), and one single-event
// file per milestone (calendars/<round-id>/<milestone-id>.ics) for calendars that can only
// import. Events carry stable UIDs; their SEQUENCE and LAST-MODIFIED come from a committed
// lock file (data/calendar.lock), so that a changed event reaches subscribers as an update
// and nothing depends on the clock. An event that changed since it was first published
// (data/changes.lock, package change) says so first: 【已调整】 or 【已取消】 in its SUMMARY,
// the old and the new at the start of its DESCRIPTION.
package calendar

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"examnotice/generator/internal/change"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/timeline"

	ics "github.com/arran4/golang-ical"
	"golang.org/x/sync/errgroup"
)

// The feed properties. A bad duration makes some phones reject the whole file, so they are
// fixed here, not data.
const (
	productID = "-//examnotice//exam notice calendar feeds//ZH"
	refresh   = "PT12H" // REFRESH-INTERVAL and X-PUBLISHED-TTL
)

// Reminders, as RFC 5545 durations before the event's start. An all-day event starts at
// midnight, so -PT15H is 09:00 the day before.
const (
	deadlineTrigger = "-PT15H"
	sessionTrigger  = "-PT1H"
)

// event is one VEVENT with everything but its identity stamps (DTSTAMP, SEQUENCE,
// LAST-MODIFIED), which come from the lock.
type event struct {
	uid         string
	summary     string
	description string
	url         string
	allDay      bool
	start, end  time.Time // timed: instants; all day: the first day and the day after the last
	status      ics.ObjectStatus
	transparent bool
	alarms      []alarm
}

type alarm struct {
	trigger, description string
}

// builder turns the timeline into events and feeds for one base URL.
type builder struct {
	n     *data.Notice
	rec   *change.Record // the changes of the schedule, which the changed events begin with
	base  string         // site base URL ending in "/", or "" when hashing
	certs string         // 直播电商/新媒体技术
	zone  *time.Location
}

func newBuilder(n *data.Notice, base string, rec *change.Record) (*builder, error) {
	zone, err := time.LoadLocation(n.Meta.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("loading time zone %s: %w", n.Meta.TimeZone, err)
	}
	var shorts []string
	for _, c := range n.Meta.Certificates {
		shorts = append(shorts, c.Short)
	}
	return &builder{n: n, rec: rec, base: base, certs: strings.Join(shorts, "/"), zone: zone}, nil
}

func (b *builder) roundURL(r timeline.Round) string { return b.base + permalink.Round(r.ID) }

func (b *builder) event(r timeline.Round, m timeline.Milestone) *event {
	e := &event{
		uid:    permalink.UID(r.ID, m.ID),
		url:    b.roundURL(r),
		allDay: m.Kind != timeline.Session,
		status: ics.ObjectStatusConfirmed,
	}
	label := m.Label
	if m.Estimated {
		label += "·预计"
	}
	// Many phones show only the title: it says first that the event was called off or changed.
	mark := ""
	c, changed := b.rec.Latest(e.uid)
	if m.Cancelled {
		mark = "【已取消】"
		e.status = ics.ObjectStatusCancelled
	} else if m.Estimated {
		e.status = ics.ObjectStatusTentative
	}
	if changed && !m.Cancelled {
		mark = "【已调整】"
	}
	e.summary = fmt.Sprintf("%s【%s】%s（%s）", mark, label, r.Name, b.certs)

	when := m.DateText
	if e.allDay {
		e.start, e.end = m.Date.Time, m.EndDate.AddDays(1).Time
		e.transparent = true // a deadline does not make the day busy
	} else {
		e.start, e.end = m.Start, m.End
		when += " " + m.TimeText
	}
	var d []string
	if changed {
		d = append(d, c.Sentence(b.n.Meta.Year))
	}
	if m.Cancelled {
		d = append(d, "本项已取消。")
	}
	head := fmt.Sprintf("%s（%s）%s：%s", r.Name, b.certs, m.Label, when)
	if m.Estimated {
		head += "（预计）"
	}
	d = append(d, head)
	if m.Kind == timeline.Session {
		if len(m.Levels) > 0 {
			d = append(d, "等级："+strings.Join(m.Levels, "、"))
		}
		if f := b.n.Meta.Exam.Form; f != "" {
			d = append(d, "考试形式："+f)
		}
	}
	d = append(d,
		"通知原文："+m.Wording,
		"日期依据："+m.Rule,
		"详情："+e.url,
		fmt.Sprintf("来源：%s《%s》", b.n.Meta.Issuer, b.n.Meta.Title),
	)
	e.description = strings.Join(d, "\n")

	if !m.Cancelled {
		switch {
		case m.Kind == timeline.Session:
			e.alarms = append(e.alarms, alarm{sessionTrigger,
				fmt.Sprintf("1 小时后开始：%s %s，%s（%s）", r.Name, m.Label, when, b.certs)})
		case m.Kind == timeline.Day && !m.Estimated:
			e.alarms = append(e.alarms, alarm{deadlineTrigger,
				fmt.Sprintf("明天%s：%s（%s），%s", m.Label, r.Name, b.certs, when)})
		}
	}
	return e
}

// vevent renders e; with stamp nil it leaves out the identity stamps (for the content hash).
func (b *builder) vevent(e *event, stamp *stamps) *ics.VEvent {
	v := ics.NewEvent(e.uid)
	if stamp != nil {
		v.SetProperty(ics.ComponentPropertyDtstamp, stamp.dtstamp.UTC().Format(utcTimeFormat))
		v.SetProperty(ics.ComponentPropertySequence, fmt.Sprint(stamp.sequence))
		v.SetProperty(ics.ComponentPropertyLastModified, stamp.lastModified.UTC().Format(utcTimeFormat))
	}
	if e.allDay {
		v.SetProperty(ics.ComponentPropertyDtStart, e.start.Format(dateFormat), ics.WithValue(string(ics.ValueDataTypeDate)))
		v.SetProperty(ics.ComponentPropertyDtEnd, e.end.Format(dateFormat), ics.WithValue(string(ics.ValueDataTypeDate)))
	} else {
		tzid := e.start.Location().String()
		v.SetProperty(ics.ComponentPropertyDtStart, e.start.Format(localTimeFormat), ics.WithTZID(tzid))
		v.SetProperty(ics.ComponentPropertyDtEnd, e.end.In(e.start.Location()).Format(localTimeFormat), ics.WithTZID(tzid))
	}
	v.SetSummary(cleanText(e.summary))
	v.SetDescription(cleanText(e.description))
	if e.url != "" {
		v.SetURL(e.url)
	}
	v.SetStatus(e.status)
	if e.transparent {
		v.SetTimeTransparency(ics.TransparencyTransparent)
	} else {
		v.SetTimeTransparency(ics.TransparencyOpaque)
	}
	for _, a := range e.alarms {
		va := v.AddAlarm()
		va.SetAction(ics.ActionDisplay)
		va.SetTrigger(a.trigger)
		va.SetProperty(ics.ComponentPropertyDescription, cleanText(a.description))
	}
	return v
}

// hash is the content hash of e: its rendering without the identity stamps, as the only
// component of a calendar without properties.
func (b *builder) hash(e *event) (string, error) {
	// Unfolded lines, so that the folding is not part of the content.
	lines, err := eventLines(b.vevent(e, nil))
	if err != nil {
		return "", err
	}
	h := sha256.New()
	io.WriteString(h, "BEGIN:VCALENDAR\n")
	for _, l := range lines {
		io.WriteString(h, l)
		io.WriteString(h, "\n")
	}
	io.WriteString(h, "END:VCALENDAR")
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// stamps is an event's identity at this build.
type stamps struct {
	dtstamp, lastModified time.Time
	sequence              int
}

// feed is one .ics file.
type feed struct {
	path         string // under static/
	name, desc   string // calendar name and description; empty for a single-event file
	subscription bool
	events       []*event
}

// render writes feed f, its events with their stamps from ids. Generate does the same for
// every feed at once, rendering each event only once.
func (b *builder) render(f feed, ids map[string]stamps) ([]byte, error) {
	texts := make(map[string][]byte, len(f.events))
	for _, e := range f.events {
		id, ok := ids[e.uid]
		if !ok {
			return nil, fmt.Errorf("%s: event %s has no identity", f.path, e.uid)
		}
		text, err := b.eventText(e, id)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.path, err)
		}
		texts[e.uid] = text
	}
	return b.assemble(f, texts, &heads{})
}

// eventText renders e with its stamps as folded content lines, BEGIN:VEVENT to END:VEVENT.
// An event is in up to three files (its own, its round's feed and all.ics): Generate renders
// it once and assembles every file from the texts.
func (b *builder) eventText(e *event, id stamps) ([]byte, error) {
	lines, err := eventLines(b.vevent(e, &id))
	if err != nil {
		return nil, err
	}
	if len(lines) < 2 || lines[0] != "BEGIN:VEVENT" || lines[len(lines)-1] != "END:VEVENT" {
		return nil, fmt.Errorf("event %s: unexpected serialization %q", e.uid, lines)
	}
	var out bytes.Buffer
	out.Grow(2048)
	for _, l := range lines {
		fold(&out, l)
	}
	return out.Bytes(), nil
}

// assemble writes feed f: its calendar properties and time zone (its head, made once for
// all the files that share it, see heads), then the texts of its events (eventText), keyed
// by UID.
func (b *builder) assemble(f feed, texts map[string][]byte, heads *heads) ([]byte, error) {
	var from, to time.Time
	size := 0
	for _, e := range f.events {
		size += len(texts[e.uid])
		if e.allDay {
			continue
		}
		if from.IsZero() || e.start.Before(from) {
			from = e.start
		}
		if e.end.After(to) {
			to = e.end
		}
	}
	var zone []observance
	if !from.IsZero() {
		zone = observances(b.zone, from, to)
	}
	head, err := heads.get(fmt.Sprint(f.subscription, f.name, f.desc, b.zone, zone), func() ([]byte, error) { return b.head(f, zone) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	var out bytes.Buffer
	out.Grow(len(head) + size + len(calendarEnd))
	out.Write(head)
	for _, e := range f.events {
		text, ok := texts[e.uid]
		if !ok {
			return nil, fmt.Errorf("%s: event %s has no identity", f.path, e.uid)
		}
		out.Write(text)
	}
	out.WriteString(calendarEnd)
	return out.Bytes(), nil
}

// calendarEnd ends every file.
const calendarEnd = "END:VCALENDAR\r\n"

// head is the start of feed f, folded, up to its events: the calendar's properties and, if
// zone is not nil, its time zone with those observances.
func (b *builder) head(f feed, zone []observance) ([]byte, error) {
	cal := ics.NewCalendar()
	cal.CalendarProperties = nil
	cal.SetVersion("2.0")
	cal.SetProductId(productID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	if f.subscription {
		cal.SetName(cleanText(f.name)) // NAME and X-WR-CALNAME
		cal.SetXWRCalDesc(cleanText(f.desc))
		cal.SetRefreshInterval(refresh)
		cal.SetXPublishedTTL(refresh)
	}
	cal.SetXWRTimezone(b.zone.String())
	if zone != nil {
		cal.AddVTimezone(vtimezoneOf(b.zone, zone))
	}
	lines, err := contentLines(cal)
	if err != nil {
		return nil, err
	}
	last := len(lines) - 1
	if last < 1 || lines[last]+"\r\n" != calendarEnd {
		return nil, fmt.Errorf("unexpected serialization %q", lines)
	}
	var out bytes.Buffer
	for _, l := range lines[:last] {
		fold(&out, l)
	}
	return out.Bytes(), nil
}

// heads holds the heads of the files of one Generate by what makes them (assemble's key):
// of the 62 files of a notice of 5 rounds, the 55 single-event files have 2 heads between them.
// Safe for the goroutines of Generate.
type heads struct {
	mu   sync.Mutex
	made map[string][]byte
}

// get is the head of key, made by build the first time.
func (h *heads) get(key string, build func() ([]byte, error)) ([]byte, error) {
	h.mu.Lock()
	head, ok := h.made[key]
	h.mu.Unlock()
	if ok {
		return head, nil
	}
	head, err := build()
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	if h.made == nil {
		h.made = map[string][]byte{}
	}
	h.made[key] = head
	h.mu.Unlock()
	return head, nil
}

// feeds lists the files of one notice: each round's feed and its single-event files, then
// the notice's own feed. Generate adds all.ics, which holds every notice's events.
func (b *builder) feeds(rounds []timeline.Round) ([]feed, error) {
	var out []feed
	own := feed{
		path:         permalink.NoticeFeed(b.n.Meta.ID),
		name:         b.n.Meta.ShortTitle,
		desc:         fmt.Sprintf("%s《%s》全部统考场次的报名、缴费截止与考试时间。网页：%s", b.n.Meta.Issuer, b.n.Meta.Title, b.base+permalink.Notice(b.n.Meta.ID)),
		subscription: true,
	}
	seen := map[string]bool{}
	for _, r := range rounds {
		rf := feed{
			path:         permalink.Feed(r.ID),
			name:         fmt.Sprintf("%s（%s）", r.Name, b.certs),
			desc:         fmt.Sprintf("%s《%s》%s的报名、缴费截止与考试时间。网页：%s", b.n.Meta.Issuer, b.n.Meta.Title, r.Name, b.roundURL(r)),
			subscription: true,
		}
		for _, m := range r.Milestones {
			e := b.event(r, m)
			if seen[e.uid] {
				return nil, fmt.Errorf("two events of the calendars have the UID %s", e.uid)
			}
			seen[e.uid] = true
			rf.events = append(rf.events, e)
			out = append(out, feed{path: permalink.Event(r.ID, m.ID), events: []*event{e}})
		}
		own.events = append(own.events, rf.events...)
		out = append(out, rf)
	}
	return append(out, own), nil
}

// noticeFeeds is the files of every notice, each made by its own builder, and all.ics, which
// holds every event of every notice, oldest notice first, so that a subscription made once
// sees each new notice's rounds appear. base is the site's address ("" when hashing).
func noticeFeeds(notices []timeline.Notice, base string, rec *change.Record) ([]*builder, [][]feed, feed, error) {
	builders := make([]*builder, len(notices))
	files := make([][]feed, len(notices))
	all := feed{path: permalink.AllFeed, subscription: true}
	var certs, issuers []string
	for i := len(notices) - 1; i >= 0; i-- { // oldest first
		n := notices[i]
		b, err := newBuilder(n.Notice, base, rec)
		if err != nil {
			return nil, nil, feed{}, err
		}
		fs, err := b.feeds(n.Rounds)
		if err != nil {
			return nil, nil, feed{}, err
		}
		builders[i], files[i] = b, fs
		all.events = append(all.events, fs[len(fs)-1].events...)
		for _, c := range n.Meta.Certificates {
			if !slices.Contains(certs, c.Short) {
				certs = append(certs, c.Short)
			}
		}
		if !slices.Contains(issuers, n.Meta.Issuer) {
			issuers = append(issuers, n.Meta.Issuer)
		}
	}
	all.name = strings.Join(certs, "/") + " 全部统考"
	all.desc = fmt.Sprintf("%s历次统考通知的全部场次：报名、缴费截止与考试时间；新通知的场次会自动加入。网页：%s", strings.Join(issuers, "、"), base)
	seen := map[string]bool{}
	for _, e := range all.events {
		if seen[e.uid] {
			return nil, nil, feed{}, fmt.Errorf("two events of the calendars have the UID %s", e.uid)
		}
		seen[e.uid] = true
	}
	return builders, files, all, nil
}

// job is one event and the builder of its notice, which renders it.
type job struct {
	b *builder
	e *event
}

// eventJobs lists every event once, from its single-event file, with its notice's builder.
func eventJobs(builders []*builder, files [][]feed) []job {
	var jobs []job
	for i, fs := range files {
		for _, f := range fs {
			if !f.subscription {
				jobs = append(jobs, job{builders[i], f.events[0]})
			}
		}
	}
	return jobs
}

// identities computes every event's content hash: the part of the lock a build compares.
func identities(notices []timeline.Notice, rec *change.Record) (map[string]eventState, error) {
	builders, files, _, err := noticeFeeds(notices, "", rec) // the base URL is the deploy's, not the event's content
	if err != nil {
		return nil, err
	}
	jobs := eventJobs(builders, files)
	hashes := make([]string, len(jobs)) // each goroutine writes its own element
	err = parallel(len(jobs), func(i int) error {
		h, err := jobs[i].b.hash(jobs[i].e)
		hashes[i] = h
		return err
	})
	if err != nil {
		return nil, err
	}
	states := make(map[string]eventState, len(jobs))
	for i, j := range jobs {
		states[j.e.uid] = eventState{hash: hashes[i], cancelled: j.e.status == ics.ObjectStatusCancelled, updated: j.b.n.Meta.Updated}
	}
	return states, nil
}

// parallel calls do(i) for i from n-1 down to 0 on as many goroutines as there are cores,
// and returns the first error. The largest file, all.ics, comes last in the feeds, so it is
// started first and does not run alone at the end.
func parallel(n int, do func(i int) error) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := n - 1; i >= 0; i-- {
		g.Go(func() error { return do(i) })
	}
	return g.Wait()
}

// Generate builds every calendar file of the notices (newest first, as site.Prepare orders
// them) for the site at base (ending in "/"), keyed by its path under static/, with SEQUENCE
// and LAST-MODIFIED from dataDir's lock, advanced for the events whose content changed. The
// returned record is the advanced lock: write it only once the site that holds these files
// is published. A changed event begins with its last change of rec (change.Load).
func Generate(dataDir string, notices []timeline.Notice, base string, rec *change.Record) (map[string][]byte, datafile.Record, error) {
	path := filepath.Join(dataDir, LockFile)
	prev, err := readLock(path)
	if err != nil {
		return nil, datafile.Record{}, err
	}
	states, err := identities(notices, rec)
	if err != nil {
		return nil, datafile.Record{}, err
	}
	if err := prev.dropped(lockName, states); err != nil {
		return nil, datafile.Record{}, err
	}
	next := prev.advance(states)
	builders, files, all, err := noticeFeeds(notices, base, rec)
	if err != nil {
		return nil, datafile.Record{}, err
	}
	// Every event is rendered once, by its notice's builder (it is in up to four files: its
	// own, its round's, its notice's and all.ics), then the files are put together from the texts.
	jobs := eventJobs(builders, files)
	var fs []feed
	var owner []*builder // the builder that assembles each file of fs
	for i, nf := range files {
		for _, f := range nf {
			fs = append(fs, f)
			owner = append(owner, builders[i])
		}
	}
	fs = append(fs, all)
	owner = append(owner, builders[0])    // the current notice's: its time zone
	rendered := make([][]byte, len(jobs)) // each goroutine writes its own element
	err = parallel(len(jobs), func(i int) error {
		b, e := jobs[i].b, jobs[i].e
		en, ok := next[e.uid]
		if !ok {
			return fmt.Errorf("event %s has no identity", e.uid)
		}
		id := stamps{dtstamp: b.midnight(b.n.Meta.Updated), lastModified: b.midnight(en.lastModified), sequence: en.sequence}
		text, err := b.eventText(e, id)
		rendered[i] = text
		return err
	})
	if err != nil {
		return nil, datafile.Record{}, err
	}
	texts := make(map[string][]byte, len(jobs))
	for i, j := range jobs {
		texts[j.e.uid] = rendered[i]
	}
	out := make([][]byte, len(fs)) // each goroutine writes its own element
	var shared heads
	err = parallel(len(fs), func(i int) error {
		text, err := owner[i].assemble(fs[i], texts, &shared)
		out[i] = text
		return err
	})
	if err != nil {
		return nil, datafile.Record{}, err
	}
	result := make(map[string][]byte, len(fs))
	for i, f := range fs {
		result[f.path] = out[i]
	}
	return result, datafile.Record{Path: path, Text: next.marshal()}, nil
}

// midnight is the start of day d in the notice's time zone.
func (b *builder) midnight(d data.Date) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, b.zone)
}
