package calendar

import (
	"strconv"
	"strings"
	"testing"

	"examnotice/generator/internal/change"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"

	"examnotice/generator/internal/testkit/timelinekit"
	ical "github.com/emersion/go-ical"
)

// TestChangedEvents builds the test notice's feeds step after step, recording the calendar
// lock and the record of changes as a build does once it has published, and reads all.ics
// back with the independent parser: a moved session keeps its UID, its SEQUENCE rises by
// one, its SUMMARY carries 【已调整】 and its DESCRIPTION begins with the old and the new time;
// a build with no edit changes no byte; a reverted move rises again; a cancelled session is
// 【已取消】 and STATUS:CANCELLED. The other events never move.
func TestChangedEvents(t *testing.T) {
	const uid = "2025h1-1.exam-2-theory@examnotice" // 2025-05-09 08:30–09:30
	dir := t.TempDir()
	var edits []func(n *data.Notice)
	session := func(n *data.Notice) *data.Session { return &n.Rounds[0].Days[1].Sessions[0] }
	steps := []struct {
		name     string
		edit     func(n *data.Notice)
		sequence int
		summary  string // prefix
		desc     string // prefix
		status   string
	}{
		{name: "first build", sequence: 0, summary: "【理论考试】第一次统考", desc: "第一次统考", status: "CONFIRMED"},
		{
			name: "moved", edit: func(n *data.Notice) {
				session(n).Start.Minutes, session(n).End.Minutes = 8*60, 9*60
				n.Meta.Updated = n.Meta.Updated.AddDays(7)
			},
			sequence: 1, summary: "【已调整】【理论考试】第一次统考", status: "CONFIRMED",
			desc: "调整：原定 5月9日（周五） 08:30–09:30，改为 08:00–09:00（2025年3月8日更新）。\n第一次统考",
		},
		{name: "no edit", sequence: 1, summary: "【已调整】【理论考试】", desc: "调整：原定 5月9日（周五） 08:30–09:30，改为 08:00–09:00", status: "CONFIRMED"},
		{
			name: "reverted", edit: func(n *data.Notice) {
				session(n).Start.Minutes, session(n).End.Minutes = 8*60+30, 9*60+30
				n.Meta.Updated = n.Meta.Updated.AddDays(7)
			},
			sequence: 2, summary: "【已调整】【理论考试】第一次统考", status: "CONFIRMED",
			desc: "调整：由 5月9日（周五） 08:00–09:00 改回 08:30–09:30（2025年3月15日更新）。",
		},
		{
			name: "cancelled", edit: func(n *data.Notice) {
				session(n).Status = data.StatusCancelled
				n.Meta.Updated = n.Meta.Updated.AddDays(7)
			},
			sequence: 3, summary: "【已取消】【理论考试】第一次统考", status: "CANCELLED",
			desc: "调整：原定 5月9日（周五） 08:30–09:30，已取消（2025年3月22日更新）。\n本项已取消。",
		},
	}
	var before map[string]identity
	var beforeFiles map[string][]byte
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if step.edit != nil {
				edits = append(edits, step.edit)
			}
			notices := timelinekit.Notices(t, fixtureData, func(n *data.Notice) {
				for _, e := range edits {
					e(n)
				}
			})
			rec, record, err := change.Load(dir, notices)
			if err != nil {
				t.Fatal(err)
			}
			files, lock, err := Generate(dir, notices, testBase, rec)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []datafile.Record{lock, record} {
				if err := datafile.Write(r.Path, r.Text); err != nil {
					t.Fatal(err)
				}
			}
			if err := CheckLock(dir, notices, rec); err != nil {
				t.Errorf("CheckLock after the build: %v", err)
			}
			events := eventsByUID(t, "all.ics", parse(t, "all.ics", files["calendars/all.ics"]))
			e, ok := events[uid]
			if !ok {
				t.Fatalf("all.ics has no event %s any more", uid)
			}
			if s := text(t, e.Component, ical.PropSummary); !strings.HasPrefix(s, step.summary) {
				t.Errorf("SUMMARY %q, want it to begin with %q", s, step.summary)
			}
			if d := text(t, e.Component, ical.PropDescription); !strings.HasPrefix(d, step.desc) {
				t.Errorf("DESCRIPTION %q, want it to begin with %q", d, step.desc)
			}
			if s := text(t, e.Component, ical.PropStatus); s != step.status {
				t.Errorf("STATUS %s, want %s", s, step.status)
			}
			ids := identitiesOf(t, files)
			if got := ids[uid].sequence; got != strconv.Itoa(step.sequence) {
				t.Errorf("SEQUENCE %s, want %d", got, step.sequence)
			}
			for u, id := range ids {
				if u == uid || before == nil {
					continue
				}
				if id.sequence != before[u].sequence {
					t.Errorf("%s: SEQUENCE %s → %s, though only %s changed", u, before[u].sequence, id.sequence, uid)
				}
				if d := text(t, events[u].Component, ical.PropDescription); strings.Contains(d, "调整") {
					t.Errorf("%s says 调整 but did not change: %q", u, d)
				}
			}
			if step.name == "no edit" {
				for path, b := range files {
					if string(b) != string(beforeFiles[path]) {
						t.Errorf("%s changed in a build with no edit", path)
					}
				}
			}
			before, beforeFiles = ids, files
		})
	}
}
