package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"examnotice/generator/internal/change"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/timeline"
)

// LockFile is the name, in the data directory, of the file that records every event's
// content hash, SEQUENCE and LAST-MODIFIED day. Like go.sum it is written by the build and
// committed.
const LockFile = "calendar.lock"

// lockName names the lock in messages, as staff find it in the project.
const lockName = "data/" + LockFile

const lockHeader = `# data/calendar.lock: the identity of every calendar event. Written by ` + "`generator build`" + `,
# verified by ` + "`generator check`" + `; commit it with the data. Do not edit it by hand.
# uid  content-hash  SEQUENCE  LAST-MODIFIED (day, notice time zone)
`

// lockEntry is what the lock says of one event.
type lockEntry struct {
	hash         string
	sequence     int
	lastModified data.Date
}

func (e lockEntry) equal(f lockEntry) bool {
	return e.hash == f.hash && e.sequence == f.sequence && e.lastModified.Equal(f.lastModified)
}

// lock maps UIDs to entries: every event ever published. An event never leaves it, and a
// build refuses data without one of its events (dropped).
type lock map[string]lockEntry

// dropped reports the events of l that are missing from states: published rounds, sessions
// or milestones that the data no longer has. Subscribed calendars would keep such an event
// for ever, unchanged; a cancelled one reaches them as cancelled.
func (l lock) dropped(path string, states map[string]eventState) error {
	byRound := map[string][]string{}
	var rounds []string
	for u := range l {
		if _, ok := states[u]; ok {
			continue
		}
		round, milestone := permalink.SplitUID(u)
		if _, seen := byRound[round]; !seen {
			rounds = append(rounds, round)
		}
		byRound[round] = append(byRound[round], milestone)
	}
	if len(rounds) == 0 {
		return nil
	}
	sort.Strings(rounds)
	var b strings.Builder
	for _, r := range rounds {
		ms := byRound[r]
		sort.Strings(ms)
		fmt.Fprintf(&b, "%s: round %s was published with %s; the data no longer has %s\n", path, r, data.Plural(len(ms), "event"), strings.Join(ms, ", "))
	}
	b.WriteString("a published round, session or milestone is never removed or renamed, since subscribed calendars keep it: put it back under its id and mark it `status: cancelled` instead")
	return errors.New(b.String())
}

// eventState is what a build finds for an event: its content hash, whether it is cancelled,
// and the revision day of its notice (updated of notice.yaml).
type eventState struct {
	hash      string
	cancelled bool
	updated   data.Date
}

// readLock reads the lock at path; a missing file is an empty lock.
func readLock(path string) (lock, error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return lock{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the calendar lock: %w", err)
	}
	return parseLock(path, src)
}

func parseLock(path string, src []byte) (lock, error) {
	l := lock{}
	err := datafile.Lines(path, src, `"<uid> sha256:<hex> <sequence> <YYYY-MM-DD>" (delete the file and build again to start over)`, func(f []string) error {
		if len(f) != 4 {
			return fmt.Errorf("%d fields", len(f))
		}
		if _, dup := l[f[0]]; dup {
			return fmt.Errorf("UID %s listed twice", f[0])
		}
		if !strings.HasPrefix(f[1], "sha256:") {
			return fmt.Errorf("hash %q", f[1])
		}
		seq, err := strconv.Atoi(f[2])
		if err != nil || seq < 0 {
			return fmt.Errorf("SEQUENCE %q is not a whole number", f[2])
		}
		day, err := data.ParseDate(f[3])
		if err != nil {
			return fmt.Errorf("LAST-MODIFIED: %v", err)
		}
		l[f[0]] = lockEntry{hash: f[1], sequence: seq, lastModified: day}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// advance returns the lock after a build that found states: a new event starts at
// SEQUENCE 0 (1 if it is born cancelled, so that its cancellation is always an update); an
// event whose content changed gets the next SEQUENCE and LAST-MODIFIED moves to its notice's
// revision day (never back).
func (l lock) advance(states map[string]eventState) lock {
	next := make(lock, len(l))
	for u, e := range l {
		next[u] = e
	}
	for u, s := range states {
		day := data.Date{Time: s.updated.Time}
		prev, ok := l[u]
		switch {
		case ok && prev.hash == s.hash:
			continue
		case ok:
			lm := day
			if prev.lastModified.After(day.Time) {
				lm = prev.lastModified
			}
			next[u] = lockEntry{hash: s.hash, sequence: prev.sequence + 1, lastModified: lm}
		default:
			seq := 0
			if s.cancelled {
				seq = 1
			}
			next[u] = lockEntry{hash: s.hash, sequence: seq, lastModified: day}
		}
	}
	return next
}

// stale counts the events whose entry differs between l and next.
func (l lock) stale(next lock) int {
	n := 0
	for u, e := range next {
		if old, ok := l[u]; !ok || !old.equal(e) {
			n++
		}
	}
	return n
}

func (l lock) marshal() []byte {
	uids := make([]string, 0, len(l))
	for u := range l {
		uids = append(uids, u)
	}
	sort.Strings(uids)
	var b bytes.Buffer
	b.WriteString(lockHeader)
	for _, u := range uids {
		e := l[u]
		fmt.Fprintf(&b, "%s %s %d %s\n", u, e.hash, e.sequence, e.lastModified)
	}
	return b.Bytes()
}

// CheckLock reports an error when dataDir's calendar lock does not record the events of
// the checked notices as a build would: some event changed, appeared or lost its entry
// since the lock was last written. rec is the record of changes a build would show
// (change.Load), which the changed events' content holds.
func CheckLock(dataDir string, notices []timeline.Notice, rec *change.Record) error {
	prev, err := readLock(filepath.Join(dataDir, LockFile))
	if err != nil {
		return err
	}
	states, err := identities(notices, rec)
	if err != nil {
		return err
	}
	if err := prev.dropped(lockName, states); err != nil {
		return err
	}
	if k := prev.stale(prev.advance(states)); k > 0 {
		return fmt.Errorf("%s is out of date for %s; run `make` and commit it", lockName, data.Plural(k, "event"))
	}
	return nil
}

// Undated warns, at the notice's updated:, when this build records a change of an event
// (rec.Fresh) under an edition date before today that is not after the day the event was
// last published (its LAST-MODIFIED in dataDir's lock): the data was edited and updated:
// forgotten, and the change would be dated in the past, the calendars' LAST-MODIFIED would
// not move. A second edition on the day of the first is no such mistake.
func Undated(dataDir string, notices []timeline.Notice, rec *change.Record, today data.Date) (data.Problems, error) {
	prev, err := readLock(filepath.Join(dataDir, LockFile))
	if err != nil {
		return nil, err
	}
	var out data.Problems
	for _, n := range notices {
		var uids []string
		var last data.Date
		for _, c := range rec.Fresh() {
			e, ok := prev[c.UID]
			if !ok || !c.Edition.Equal(n.Meta.Updated) || !strings.HasPrefix(c.Round, n.Meta.ID+"-") || n.Meta.Updated.After(e.lastModified.Time) {
				continue
			}
			uids = append(uids, c.UID)
			if e.lastModified.After(last.Time) {
				last = e.lastModified
			}
		}
		if len(uids) == 0 || !n.Meta.Updated.Time.Before(today.Time) {
			continue
		}
		out = append(out, data.Problem{Pos: n.Meta.Updated.Pos, Msg: fmt.Sprintf("updated: %s is the date of an edition already published (%s, in %s), yet this build changes %s (%s); the change is recorded as of that past day: set updated: to %s, today, the day of the change, whenever you change the data (exam-notice import -amend does it)", n.Meta.Updated, last, lockName, data.Plural(len(uids), "event"), strings.Join(uids, ", "), today)})
	}
	return out, nil
}
