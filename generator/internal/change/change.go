// Package change keeps the record of what changed in the published schedule
// (data/changes.lock): for every calendar event the value last published (its days, its
// time, its status), and every change a build found against it, with the edition date (the
// notice's `updated`) on which it was published and the note the data gave. Like the
// calendar lock it is written by a build once the site is published, checked by
// `generator check`, and committed; nothing in it is kept by hand.
package change

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/timeline"
)

// RecordFile is the name of the record in the data directory, beside calendar.lock.
const RecordFile = "changes.lock"

// recordName names the record in messages, as staff find it in the project.
const recordName = "data/" + RecordFile

const header = `# data/changes.lock: what the published schedule said, and every change of it. Written by
# ` + "`generator build`" + `, verified by ` + "`generator check`" + `; commit it with the data. Do not edit it by hand.
# event  <uid> <when> <status>                      the value last published
# change <edition> <uid> <old when> <old status> <new when> <new status> [note]
`

// Value is what a teacher reads of an event: its days, its time (sessions) and its status.
type Value struct {
	First, Last data.Date
	Start, End  string // "08:30", "09:30" for a session; empty for a whole-day milestone
	Cancelled   bool
}

// when is v's days and time as one token of the record: 2024-09-14, 2024-10-07..2024-10-11
// or 2024-09-27T08:30-09:30.
func (v Value) when() string {
	s := v.First.String()
	if !v.Last.Equal(v.First) {
		s += ".." + v.Last.String()
	}
	if v.Start != "" {
		s += "T" + v.Start + "-" + v.End
	}
	return s
}

func (v Value) status() string {
	if v.Cancelled {
		return "cancelled"
	}
	return "confirmed"
}

func (v Value) equal(w Value) bool { return v.when() == w.when() && v.Cancelled == w.Cancelled }

func parseValue(when, status string) (Value, error) {
	var v Value
	switch status {
	case "cancelled":
		v.Cancelled = true
	case "confirmed":
	default:
		return v, fmt.Errorf("status %q is neither confirmed nor cancelled", status)
	}
	days, clock, timed := strings.Cut(when, "T")
	first, last, span := strings.Cut(days, "..")
	var err error
	if v.First, err = data.ParseDate(first); err != nil {
		return v, err
	}
	v.Last = v.First
	if span {
		if v.Last, err = data.ParseDate(last); err != nil {
			return v, err
		}
	}
	if timed {
		var ok bool
		if v.Start, v.End, ok = strings.Cut(clock, "-"); !ok || len(v.Start) != 5 || len(v.End) != 5 {
			return v, fmt.Errorf("time %q is not HH:MM-HH:MM", clock)
		}
	}
	return v, nil
}

// valueOf is what milestone m of a round says.
func valueOf(m timeline.Milestone) Value {
	v := Value{First: m.Date, Last: m.EndDate, Cancelled: m.Cancelled}
	if m.Kind == timeline.Session {
		v.Start, v.End = m.Start.Format("15:04"), m.End.Format("15:04")
	}
	return v
}

// Change is one change of one event, as a build found it.
type Change struct {
	Edition   data.Date // the notice's `updated` when the change was published
	UID       string
	Round     string // the round id and the milestone id of the event (permalink.UID)
	Milestone string
	Old, New  Value
	Note      string // the data's change_note of the notice at the time, if any
	// Back says the change puts back what the event said before its previous change (a
	// reverted move, a withdrawn cancellation).
	Back bool
}

// Record is data/changes.lock: the last published value of every event and every change.
type Record struct {
	published map[string]Value
	changes   []Change // in the order they were recorded
	fresh     int      // how many of the last changes this build found
}

// Fresh is the changes that this build found, which the record did not hold yet.
func (r *Record) Fresh() []Change { return r.changes[len(r.changes)-r.fresh:] }

// Changes is every change recorded, in the order the builds recorded them.
func (r *Record) Changes() []Change { return r.changes }

// Latest is the last change of the event uid, if it ever changed.
func (r *Record) Latest(uid string) (Change, bool) {
	if r == nil {
		return Change{}, false
	}
	for i := len(r.changes) - 1; i >= 0; i-- {
		if r.changes[i].UID == uid {
			return r.changes[i], true
		}
	}
	return Change{}, false
}

// Read reads dataDir's record as it is, without advancing it.
func Read(dataDir string) (*Record, error) { return read(filepath.Join(dataDir, RecordFile)) }

func read(path string) (*Record, error) {
	r := &Record{published: map[string]Value{}}
	src, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the record of changes: %w", err)
	}
	err = datafile.Lines(path, src, `"event <uid> <when> <status>" or "change <edition> <uid> <old when> <old status> <new when> <new status> [note]" (restore the file from git, or delete it and build again to start over)`, func(f []string) error {
		switch {
		case len(f) == 4 && f[0] == "event":
			if _, dup := r.published[f[1]]; dup {
				return fmt.Errorf("event %s listed twice", f[1])
			}
			v, err := parseValue(f[2], f[3])
			if err != nil {
				return err
			}
			r.published[f[1]] = v
		case len(f) >= 7 && f[0] == "change":
			c := Change{UID: f[2], Note: strings.Join(f[7:], " ")}
			var err error
			if c.Edition, err = data.ParseDate(f[1]); err != nil {
				return fmt.Errorf("edition: %v", err)
			}
			if c.Old, err = parseValue(f[3], f[4]); err != nil {
				return err
			}
			if c.New, err = parseValue(f[5], f[6]); err != nil {
				return err
			}
			r.add(c)
		default:
			return fmt.Errorf("%d fields", len(f))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// add appends c, with what follows from the changes before it.
func (r *Record) add(c Change) {
	c.Round, c.Milestone = permalink.SplitUID(c.UID)
	if prev, ok := r.Latest(c.UID); ok && prev.Old.equal(c.New) {
		c.Back = true
	}
	r.changes = append(r.changes, c)
}

// advance is the record after a build of notices: an event whose value differs from the
// one last published gets a change on its notice's edition date, with the notice's note; a
// new event is recorded as published, without a change.
func (r *Record) advance(notices []timeline.Notice) *Record {
	next := &Record{published: make(map[string]Value, len(r.published)), changes: append([]Change(nil), r.changes...)}
	for u, v := range r.published {
		next.published[u] = v
	}
	for _, n := range notices {
		var found []Change
		for _, round := range n.Rounds {
			for _, m := range round.Milestones {
				u := permalink.UID(round.ID, m.ID)
				v := valueOf(m)
				old, ok := r.published[u]
				next.published[u] = v
				if ok && !old.equal(v) {
					found = append(found, Change{Edition: n.Meta.Updated, UID: u, Old: old, New: v, Note: n.Meta.ChangeNote})
				}
			}
		}
		sort.SliceStable(found, func(i, j int) bool { return found[i].UID < found[j].UID })
		for _, c := range found {
			next.add(c)
		}
		next.fresh += len(found)
	}
	return next
}

func (r *Record) marshal() []byte {
	uids := make([]string, 0, len(r.published))
	for u := range r.published {
		uids = append(uids, u)
	}
	sort.Strings(uids)
	var b bytes.Buffer
	b.WriteString(header)
	for _, u := range uids {
		v := r.published[u]
		fmt.Fprintf(&b, "event %s %s %s\n", u, v.when(), v.status())
	}
	for _, c := range r.changes {
		fmt.Fprintf(&b, "change %s %s %s %s %s %s", c.Edition, c.UID, c.Old.when(), c.Old.status(), c.New.when(), c.New.status())
		if c.Note != "" {
			b.WriteString(" " + strings.Join(strings.Fields(c.Note), " "))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Load reads dataDir's record and advances it over the notices, as a build does: the
// record the pages and feeds of this build show, and its file, to write only once the site
// that shows it is published.
func Load(dataDir string, notices []timeline.Notice) (*Record, datafile.Record, error) {
	path := filepath.Join(dataDir, RecordFile)
	prev, err := read(path)
	if err != nil {
		return nil, datafile.Record{}, err
	}
	next := prev.advance(notices)
	return next, datafile.Record{Path: path, Text: next.marshal()}, nil
}

// Check reports an error when dataDir's record does not hold what a build of the notices
// would write: an event changed, appeared, or the file was never written.
func Check(dataDir string, notices []timeline.Notice) error {
	path := filepath.Join(dataDir, RecordFile)
	prev, err := read(path)
	if err != nil {
		return err
	}
	next := prev.advance(notices)
	got, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("reading the record of changes: %w", err)
	}
	if !bytes.Equal(got, next.marshal()) {
		k := len(next.changes) - len(prev.changes)
		what := "it does not record every event published"
		if k > 0 {
			what = "it lacks " + data.Plural(k, "change") + " of the data"
		}
		return fmt.Errorf("%s is out of date: %s; run `make` and commit it", recordName, what)
	}
	return nil
}

// Between is what a build of the notices after would record against a build of before: a
// change, dated with its notice's `updated`, for every event whose value differs (for the
// importer, which shows a correction before it writes it).
func Between(before, after []timeline.Notice) []Change {
	r := &Record{published: map[string]Value{}}
	for _, n := range before {
		for _, round := range n.Rounds {
			for _, m := range round.Milestones {
				r.published[permalink.UID(round.ID, m.ID)] = valueOf(m)
			}
		}
	}
	return r.advance(after).changes
}
