package calendar

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/permalink"

	ical "github.com/emersion/go-ical"
)

// identity is what a subscriber's client compares: SEQUENCE, LAST-MODIFIED and STATUS.
type identity struct {
	sequence, lastModified, status string
	alarms                         int
}

// identitiesOf reads every event's identity from all.ics with the independent parser.
func identitiesOf(t *testing.T, files map[string][]byte) map[string]identity {
	t.Helper()
	out := map[string]identity{}
	for u, e := range eventsByUID(t, "all.ics", parse(t, "all.ics", files["calendars/all.ics"])) {
		lm, err := e.Props.DateTime(ical.PropLastModified, nil)
		if err != nil {
			t.Fatalf("%s LAST-MODIFIED: %v", u, err)
		}
		seq, err := e.Props.Get(ical.PropSequence).Int()
		if err != nil {
			t.Fatalf("%s SEQUENCE: %v", u, err)
		}
		out[u] = identity{
			sequence:     strconv.Itoa(seq),
			lastModified: lm.In(time.FixedZone("", 8*3600)).Format("2006-01-02T15:04"),
			status:       text(t, e.Component, ical.PropStatus),
			alarms:       len(e.Children),
		}
	}
	return out
}

func day(t *testing.T, s string) data.Date {
	t.Helper()
	d, err := data.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSequence builds the real data, records the lock, then edits a copy of the data in
// memory and builds again with that lock: exactly the changed events get the next SEQUENCE
// and LAST-MODIFIED at the data's new `updated` day; cancelled ones stay, marked
// CANCELLED, without reminders; the rest keep their identity. The checker reports the
// stale lock before the second build is recorded, and not after.
func TestSequence(t *testing.T) {
	const before, after = "2026-11-28T00:00", "2026-12-05T00:00" // notice.yaml `updated`, then the edit's
	round7 := []string{}
	_, rounds := loadNotice(t, nil)
	for _, r := range rounds {
		if r.ID == "2024h2-7" {
			for _, m := range r.Milestones {
				round7 = append(round7, permalink.UID(r.ID, m.ID))
			}
		}
	}
	if len(round7) != 11 {
		t.Fatalf("第七次统考 has %d milestones, want 11 (5 deadlines, 4 sessions, 成绩公示, 证书颁发)", len(round7))
	}
	tests := []struct {
		name      string
		change    func(t *testing.T, n *data.Notice)
		changed   []string
		cancelled bool
	}{
		{
			name: "one session moves",
			change: func(t *testing.T, n *data.Notice) {
				s := &n.Rounds[1].Days[0].Sessions[0] // 第四次统考, 10月25日 理论考试 14:00-15:00
				if n.Rounds[1].ID != "2024h2-4" || s.Subject != "theory" || s.Start.Minutes != 14*60 {
					t.Fatalf("the data no longer has 第四次统考's first session at 14:00")
				}
				s.Start.Minutes, s.End.Minutes = 13*60+30, 14*60+30
			},
			changed: []string{"2024h2-4.exam-1-theory@examnotice"},
		},
		{
			name: "one session cancelled",
			change: func(t *testing.T, n *data.Notice) {
				n.Rounds[2].Days[1].Sessions[1].Status = data.StatusCancelled // 第五次统考, 11月23日 实操考试
			},
			changed:   []string{"2024h2-5.exam-2-practical@examnotice"},
			cancelled: true,
		},
		{
			name:      "a round cancelled",
			change:    func(t *testing.T, n *data.Notice) { n.Rounds[4].Status = data.StatusCancelled },
			changed:   round7,
			cancelled: true,
		},
		{
			name:   "only the revision day moves",
			change: func(t *testing.T, n *data.Notice) {},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			n, rounds := loadNotice(t, nil)
			if err := CheckLock(dir, n, rounds); err == nil || !strings.Contains(err.Error(), "data/calendar.lock is out of date for 55 events; run `make` and commit it") {
				t.Fatalf("CheckLock without a lock: %v", err)
			}
			files, commit := generate(t, dir, n, rounds)
			if err := commit(); err != nil {
				t.Fatal(err)
			}
			if err := CheckLock(dir, n, rounds); err != nil {
				t.Fatalf("CheckLock right after the build: %v", err)
			}
			old := identitiesOf(t, files)

			n2, rounds2 := loadNotice(t, func(n *data.Notice) {
				tt.change(t, n)
				n.Meta.Updated = day(t, after[:10])
			})
			err := CheckLock(dir, n2, rounds2)
			switch {
			case len(tt.changed) == 0 && err != nil:
				t.Errorf("CheckLock after an edit that changes no event: %v", err)
			case len(tt.changed) > 0 && (err == nil || !strings.Contains(err.Error(), "out of date for "+strconv.Itoa(len(tt.changed))+" event")):
				t.Errorf("CheckLock after the edit: %v, want out of date for %d", err, len(tt.changed))
			}
			files2, commit2 := generate(t, dir, n2, rounds2)
			now := identitiesOf(t, files2)
			if len(now) != len(old) {
				t.Fatalf("%d events after the edit, %d before: nothing is ever dropped", len(now), len(old))
			}
			var got []string
			for u, id := range now {
				was := old[u]
				if was.sequence != "0" || was.lastModified != before {
					t.Fatalf("%s before the edit: %+v", u, was)
				}
				if id == was {
					continue
				}
				got = append(got, u)
				if id.sequence != "1" || id.lastModified != after {
					t.Errorf("%s: SEQUENCE %s, LAST-MODIFIED %s; want 1 and %s", u, id.sequence, id.lastModified, after)
				}
				if tt.cancelled && (id.status != "CANCELLED" || id.alarms != 0) {
					t.Errorf("%s: STATUS %s with %d alarms, want CANCELLED without reminders", u, id.status, id.alarms)
				}
			}
			sort.Strings(got)
			sort.Strings(tt.changed)
			if strings.Join(got, " ") != strings.Join(tt.changed, " ") {
				t.Errorf("events whose identity changed: %v, want %v", got, tt.changed)
			}
			if err := commit2(); err != nil {
				t.Fatal(err)
			}
			if err := CheckLock(dir, n2, rounds2); err != nil {
				t.Errorf("CheckLock once the new lock is recorded: %v", err)
			}
			// Building again with the recorded lock changes nothing: SEQUENCE rises once per change.
			files3, _ := generate(t, dir, n2, rounds2)
			for p, b := range files2 {
				if !bytes.Equal(b, files3[p]) {
					t.Errorf("%s differs between two builds of the same data", p)
				}
			}
		})
	}
}

// TestCancelledFromTheStart: an event that is cancelled in its first build still gets a
// SEQUENCE above 0, so that a client that saw it elsewhere takes the cancellation.
func TestCancelledFromTheStart(t *testing.T) {
	n, rounds := loadNotice(t, func(n *data.Notice) { n.Rounds[0].Days[0].Sessions[0].Status = data.StatusCancelled })
	files, _ := generate(t, t.TempDir(), n, rounds)
	id := identitiesOf(t, files)["2024h2-3.exam-1-theory@examnotice"]
	if id.sequence != "1" || id.status != "CANCELLED" {
		t.Errorf("cancelled from the start: %+v, want SEQUENCE 1, STATUS CANCELLED", id)
	}
	e := eventsByUID(t, "x", parse(t, "x", files["calendars/2024h2-3/exam-1-theory.ics"]))["2024h2-3.exam-1-theory@examnotice"]
	if s := text(t, e.Component, ical.PropSummary); !strings.HasPrefix(s, "【已取消·理论考试】") {
		t.Errorf("SUMMARY %q should say 已取消", s)
	}
}

// TestLockFile checks the lock's text: sorted, one line per event, read back the same, and
// malformed files refused with their line.
func TestLockFile(t *testing.T) {
	n, rounds := loadNotice(t, nil)
	dir := t.TempDir()
	_, commit := generate(t, dir, n, rounds)
	if err := commit(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, LockFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var uids []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if !strings.HasPrefix(line, "#") {
			f := strings.Fields(line)
			if len(f) != 4 || f[2] != "0" || f[3] != "2026-11-28" || len(f[1]) != len("sha256:")+64 {
				t.Errorf("lock line %q", line)
			}
			uids = append(uids, f[0])
		}
	}
	if len(uids) != 55 || !sort.StringsAreSorted(uids) {
		t.Errorf("%d lock lines, sorted %v; want 55 sorted", len(uids), sort.StringsAreSorted(uids))
	}
	l, err := readLock(path)
	if err != nil || !bytes.Equal(l.marshal(), b) {
		t.Errorf("the lock does not read back the same: %v", err)
	}

	bad := []struct{ name, text, want string }{
		{"fields", "a sha256:00 1\n", ":1: 3 fields"},
		{"sequence", "# c\na sha256:00 x 2026-11-28\n", ":2: SEQUENCE \"x\""},
		{"day", "a sha256:00 1 2026-13-01\n", ":1: LAST-MODIFIED"},
		{"hash", "a md5:00 1 2026-11-28\n", ":1: hash"},
		{"twice", "a sha256:00 1 2026-11-28\na sha256:00 1 2026-11-28\n", ":2: UID a listed twice"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseLock("calendar.lock", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), "calendar.lock"+tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestCommittedLock: the repository's data/calendar.lock records the data as it is, as
// `generator check` requires.
func TestCommittedLock(t *testing.T) {
	n, rounds := loadNotice(t, nil)
	if err := CheckLock(dataDir, n, rounds); err != nil {
		t.Error(err)
	}
}
