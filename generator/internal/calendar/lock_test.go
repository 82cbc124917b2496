package calendar

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/timelinekit"
	"examnotice/generator/internal/timeline"

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

// TestSequence builds the test notice, records the lock, then edits a copy of the data in
// memory and builds again with that lock: exactly the changed events get the next SEQUENCE
// and LAST-MODIFIED at the data's new `updated` day; cancelled ones stay, marked
// CANCELLED, without reminders; the rest keep their identity. The checker reports the
// stale lock before the second build is recorded, and not after.
func TestSequence(t *testing.T) {
	const before, after = "2025-03-01T00:00", "2025-03-08T00:00" // notice.yaml `updated`, then the edit's
	_, rounds := loadNotice(t, nil)
	round2 := uids(rounds, "2025h1-2")
	if len(round2) != 11 {
		t.Fatalf("第二次统考 has %d milestones, want 11 (5 deadlines, 4 sessions, 成绩公示, 证书颁发)", len(round2))
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
				s := &n.Rounds[1].Days[0].Sessions[0] // 第二次统考, 6月12日 理论考试 14:00-15:00
				if n.Rounds[1].ID != "2025h1-2" || s.Subject != "theory" || s.Start.Minutes != 14*60 {
					t.Fatalf("the test notice no longer has 第二次统考's first session at 14:00")
				}
				s.Start.Minutes, s.End.Minutes = 13*60+30, 14*60+30
			},
			changed: []string{"2025h1-2.exam-1-theory@examnotice"},
		},
		{
			name: "one session cancelled",
			change: func(t *testing.T, n *data.Notice) {
				n.Rounds[0].Days[1].Sessions[1].Status = data.StatusCancelled // 第一次统考, 5月9日 实操考试
			},
			changed:   []string{"2025h1-1.exam-2-practical@examnotice"},
			cancelled: true,
		},
		{
			name:      "a round cancelled",
			change:    func(t *testing.T, n *data.Notice) { n.Rounds[1].Status = data.StatusCancelled },
			changed:   round2,
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
			notices, _ := loadNotice(t, nil)
			if err := CheckLock(dir, notices, nil); err == nil || !strings.Contains(err.Error(), "data/calendar.lock is out of date for 22 events; run `make` and commit it") {
				t.Fatalf("CheckLock without a lock: %v", err)
			}
			files, _ := published(t, dir, notices)
			if err := CheckLock(dir, notices, nil); err != nil {
				t.Fatalf("CheckLock right after the build: %v", err)
			}
			old := identitiesOf(t, files)

			notices2, _ := loadNotice(t, func(n *data.Notice) {
				tt.change(t, n)
				n.Meta.Updated = timelinekit.Date(t, after[:10])
			})
			err := CheckLock(dir, notices2, nil)
			switch {
			case len(tt.changed) == 0 && err != nil:
				t.Errorf("CheckLock after an edit that changes no event: %v", err)
			case len(tt.changed) > 0 && (err == nil || !strings.Contains(err.Error(), "out of date for "+strconv.Itoa(len(tt.changed))+" event")):
				t.Errorf("CheckLock after the edit: %v, want out of date for %d", err, len(tt.changed))
			}
			files2, commit2 := generate(t, dir, notices2)
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
			if err := CheckLock(dir, notices2, nil); err != nil {
				t.Errorf("CheckLock once the new lock is recorded: %v", err)
			}
			// Building again with the recorded lock changes nothing: SEQUENCE rises once per change.
			files3, _ := generate(t, dir, notices2)
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
	notices, _ := loadNotice(t, func(n *data.Notice) { n.Rounds[0].Days[0].Sessions[0].Status = data.StatusCancelled })
	files, _ := generate(t, t.TempDir(), notices)
	id := identitiesOf(t, files)["2025h1-1.exam-1-theory@examnotice"]
	if id.sequence != "1" || id.status != "CANCELLED" {
		t.Errorf("cancelled from the start: %+v, want SEQUENCE 1, STATUS CANCELLED", id)
	}
	e := eventsByUID(t, "x", parse(t, "x", files["calendars/2025h1-1/exam-1-theory.ics"]))["2025h1-1.exam-1-theory@examnotice"]
	if s := text(t, e.Component, ical.PropSummary); !strings.HasPrefix(s, "【已取消】【理论考试】") {
		t.Errorf("SUMMARY %q should say 已取消", s)
	}
}

// TestLockFile checks the lock's text: sorted, one line per event, read back the same, and
// malformed files refused with their line.
func TestLockFile(t *testing.T) {
	notices, _ := loadNotice(t, nil)
	dir := t.TempDir()
	_, b := published(t, dir, notices)
	path := filepath.Join(dir, LockFile)
	var uids []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if !strings.HasPrefix(line, "#") {
			f := strings.Fields(line)
			if len(f) != 4 || f[2] != "0" || f[3] != "2025-03-01" || len(f[1]) != len("sha256:")+64 {
				t.Errorf("lock line %q", line)
			}
			uids = append(uids, f[0])
		}
	}
	if len(uids) != 22 || !sort.StringsAreSorted(uids) {
		t.Errorf("%d lock lines, sorted %v; want 22 sorted", len(uids), sort.StringsAreSorted(uids))
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

// uids lists the UIDs of the milestones of round id.
func uids(rounds []timeline.Round, id string) []string {
	var out []string
	for _, r := range rounds {
		if r.ID == id {
			for _, m := range r.Milestones {
				out = append(out, permalink.UID(r.ID, m.ID))
			}
		}
	}
	return out
}

// remedy ends every refusal of data that drops a published event.
const remedy = "a published round, session or milestone is never removed or renamed, since subscribed calendars keep it: put it back under its id and mark it `status: cancelled` instead"

// TestDroppedEventsRefused: once a lock records an event, data without it is refused by the
// build (Generate) and by the checker (CheckLock), naming data/calendar.lock, the round, the
// missing milestones and the remedy, `status: cancelled`. Cancelling instead passes: the
// events stay, STATUS:CANCELLED, with the next SEQUENCE.
func TestDroppedEventsRefused(t *testing.T) {
	_, fixture := loadNotice(t, nil)
	tests := []struct {
		name      string
		change    func(t *testing.T, n *data.Notice)
		want      []string // the lines of the refusal; none when the data must pass
		cancelled []string // with no refusal: the events that must come out cancelled
	}{
		{
			name: "a round renamed",
			change: func(t *testing.T, n *data.Notice) {
				if n.Rounds[1].ID != "2025h1-2" || n.Groups.Groups[1].Round != "2025h1-2" {
					t.Fatal("the test notice no longer has 2025h1-2 second, with the second group")
				}
				n.Rounds[1].ID, n.Groups.Groups[1].Round = "2025h1-02", "2025h1-02"
			},
			want: []string{roundGone("2025h1-2"), remedy},
		},
		{
			name: "a session removed",
			change: func(t *testing.T, n *data.Notice) {
				d := &n.Rounds[0].Days[1] // 第一次统考, 5月9日: 理论考试, 实操考试
				if len(d.Sessions) != 2 || d.Sessions[1].Subject != "practical" {
					t.Fatal("the test notice no longer has 第一次统考's 实操考试 on its second day")
				}
				d.Sessions = d.Sessions[:1]
			},
			want: []string{
				"data/calendar.lock: round 2025h1-1 was published with 1 event; the data no longer has exam-2-practical",
				remedy,
			},
		},
		{
			name: "a milestone removed from every round",
			change: func(t *testing.T, n *data.Notice) {
				last := len(n.Process) - 1
				if n.Process[last].ID != "certificates" {
					t.Fatal("the test notice's last process step is no longer certificates")
				}
				n.Process = n.Process[:last]
			},
			want: []string{
				"data/calendar.lock: round 2025h1-1 was published with 1 event; the data no longer has certificates",
				"data/calendar.lock: round 2025h1-2 was published with 1 event; the data no longer has certificates",
				remedy,
			},
		},
		{
			name:      "a round cancelled instead",
			change:    func(t *testing.T, n *data.Notice) { n.Rounds[1].Status = data.StatusCancelled },
			cancelled: uids(fixture, "2025h1-2"),
		},
		{
			name: "a session cancelled instead",
			change: func(t *testing.T, n *data.Notice) {
				n.Rounds[0].Days[1].Sessions[1].Status = data.StatusCancelled
			},
			cancelled: []string{"2025h1-1.exam-2-practical@examnotice"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			notices, _ := loadNotice(t, nil)
			_, lock := published(t, dir, notices)
			notices2, _ := loadNotice(t, func(n *data.Notice) {
				tt.change(t, n)
				n.Meta.Updated = timelinekit.Date(t, "2025-03-08")
			})
			files, lock2, genErr := Generate(dir, notices2, testBase, nil)
			checkErr := CheckLock(dir, notices2, nil)
			if after, err := os.ReadFile(filepath.Join(dir, LockFile)); err != nil || !bytes.Equal(after, lock) {
				t.Errorf("Generate and CheckLock changed the recorded lock (%v)", err)
			}
			if len(tt.want) > 0 {
				want := strings.Join(tt.want, "\n")
				for what, err := range map[string]error{"Generate": genErr, "CheckLock": checkErr} {
					if err == nil || err.Error() != want {
						t.Errorf("%s: %v\nwant\n%s", what, err, want)
					}
				}
				if files != nil || lock2.Text != nil {
					t.Error("Generate refused the data but returned files or a commit")
				}
				return
			}
			if genErr != nil {
				t.Fatalf("Generate: %v", genErr)
			}
			if want := fmt.Sprintf("data/calendar.lock is out of date for %s; run `make` and commit it", data.Plural(len(tt.cancelled), "event")); checkErr == nil || checkErr.Error() != want {
				t.Errorf("CheckLock before the new lock is recorded: %v, want %q", checkErr, want)
			}
			now := identitiesOf(t, files)
			if len(now) != 22 {
				t.Errorf("%d events, want all 22: a cancelled event stays in the feeds", len(now))
			}
			for u, id := range now {
				switch {
				case !slices.Contains(tt.cancelled, u):
					if id.status == "CANCELLED" || id.sequence != "0" {
						t.Errorf("%s: %+v; want it unchanged, SEQUENCE 0", u, id)
					}
				case id.status != "CANCELLED" || id.sequence != "1" || id.lastModified != "2025-03-08T00:00" || id.alarms != 0:
					t.Errorf("%s: %+v; want STATUS CANCELLED, SEQUENCE 1 (was 0), LAST-MODIFIED 2025-03-08, no reminder", u, id)
				}
			}
			if err := datafile.Write(lock2.Path, lock2.Text); err != nil {
				t.Fatal(err)
			}
			if err := CheckLock(dir, notices2, nil); err != nil {
				t.Errorf("CheckLock once the new lock is recorded: %v", err)
			}
		})
	}
}

// roundGone is the refusal's line for a round of the test notices whose 11 events all went.
func roundGone(round string) string {
	return "data/calendar.lock: round " + round + " was published with 11 events; the data no longer has admission-ticket, certificates, exam-1-practical, exam-1-theory, exam-2-practical, exam-2-theory, fee-payment, registration, room-setup, scores, site-application"
}

// TestLockAcrossNotices follows a project from one notice to two and back, in a copy of the
// test notice's data: built with 2025h1 alone and its lock recorded, then with the folder of
// 2025h2 added beside it (as in generator/testdata/two). The older notice's events keep
// their identity (SEQUENCE 0, LAST-MODIFIED its own `updated`, 2025-03-01) and every file of
// the first build but all.ics comes out byte for byte the same; the new notice's events start
// at SEQUENCE 0 with LAST-MODIFIED 2025-08-01, its `updated`, and the checker asks for the
// lock until it is recorded. Dropping the folder again is refused, by the build and the
// checker, naming both of its rounds, and leaves the lock alone.
func TestLockAcrossNotices(t *testing.T) {
	dir := t.TempDir()
	testkit.Copy(t, dir, fixtureData)
	one := timelinekit.Notices(t, dir, nil)
	first, lock1 := published(t, dir, one)

	added := filepath.Join(dir, data.NoticesDir, "2025h2")
	testkit.Copy(t, added, filepath.Join(twoData, data.NoticesDir, "2025h2"))
	two := timelinekit.Notices(t, dir, nil)
	if len(two) != 2 || two[0].Meta.ID != "2025h2" {
		t.Fatalf("the copy holds %d notices; want 2025h2 and 2025h1", len(two))
	}
	if err := CheckLock(dir, two, nil); err == nil || err.Error() != "data/calendar.lock is out of date for 22 events; run `make` and commit it" {
		t.Errorf("CheckLock with the new notice before its build: %v; want the 22 new events out of date", err)
	}
	files, commit := generate(t, dir, two)
	ids := identitiesOf(t, files)
	if len(ids) != 44 {
		t.Errorf("all.ics has %d events, want 44: 22 of each notice", len(ids))
	}
	for u, id := range ids {
		want := identity{sequence: "0", lastModified: "2025-03-01T00:00", status: id.status, alarms: id.alarms}
		if strings.HasPrefix(u, "2025h2-") {
			want.lastModified = "2025-08-01T00:00"
		}
		if id != want || id.status == "CANCELLED" {
			t.Errorf("%s: %+v; want SEQUENCE %s, LAST-MODIFIED %s, not cancelled", u, id, want.sequence, want.lastModified)
		}
	}
	for p, b := range first {
		if p != "calendars/all.ics" && !bytes.Equal(files[p], b) {
			t.Errorf("%s changed when a newer notice was added", p)
		}
	}
	if err := commit(); err != nil {
		t.Fatal(err)
	}
	if err := CheckLock(dir, two, nil); err != nil {
		t.Errorf("CheckLock once the lock of both notices is recorded: %v", err)
	}
	lock2, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err != nil {
		t.Fatal(err)
	}
	lines2 := strings.Split(string(lock2), "\n")
	for _, l := range strings.Split(strings.TrimSpace(string(lock1)), "\n") {
		if !slices.Contains(lines2, l) {
			t.Errorf("the line %q of the first lock is not kept", l)
		}
	}
	newLines := 0
	for _, l := range lines2 {
		if strings.HasPrefix(l, "2025h2-") {
			newLines++
			if !strings.HasSuffix(l, " 0 2025-08-01") {
				t.Errorf("lock line %q; want SEQUENCE 0 and 2025-08-01", l)
			}
		}
	}
	if newLines != 22 {
		t.Errorf("%d lock lines of 2025h2, want 22", newLines)
	}

	if err := os.RemoveAll(added); err != nil {
		t.Fatal(err)
	}
	again := timelinekit.Notices(t, dir, nil)
	want := roundGone("2025h2-3") + "\n" + roundGone("2025h2-4") + "\n" + remedy
	gotFiles, gotLock, genErr := Generate(dir, again, testBase, nil)
	for what, err := range map[string]error{"Generate": genErr, "CheckLock": CheckLock(dir, again, nil)} {
		if err == nil || err.Error() != want {
			t.Errorf("%s without the folder of 2025h2: %v\nwant\n%s", what, err, want)
		}
	}
	if gotFiles != nil || gotLock.Text != nil {
		t.Error("Generate refused the data but returned files or a commit")
	}
	if after, err := os.ReadFile(filepath.Join(dir, LockFile)); err != nil || !bytes.Equal(after, lock2) {
		t.Errorf("the refused build changed the lock (%v)", err)
	}
}
