package site

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/timeline"
)

// readToday is data/today.json of the generated directory dir.
func readToday(t *testing.T, dir string) todayModel {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "data", "today.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m todayModel
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// What the pages say on a given day (data/today.json), for the two notices, from the dates
// of their tables worked out by hand: 2025h1 (第一次统考 05-08/09, 第二次统考 06-12/13) and
// 2025h2 (第三次统考 09-18/19: 报名截止 09-04, 缴费截止 09-09, 考场布置 09-11, 准考证打印
// 09-13, 证书颁发 10-08; 第四次统考 11-13/14: 报名截止 10-30, 缴费截止 11-04). A deadline is
// open with the days left, today on its day, closed after it; a notice's next round is its
// first round whose last exam day is not past, and the notice is over when there is none.
func TestToday(t *testing.T) {
	root, dataDir, p := prepareFixture(t, testkit.Two)
	type deadlines = map[string]deadlineToday
	open := func(days int) deadlineToday { return deadlineToday{State: "open", Days: days} }
	today, closed := deadlineToday{State: "today"}, deadlineToday{State: "closed"}
	tests := []struct {
		name, day string
		notices   map[string]noticeToday
		deadlines deadlines // by round.milestone; the others are not checked here
	}{
		{"before every notice", "2025-03-01",
			map[string]noticeToday{"2025h1": {Next: "2025h1-1"}, "2025h2": {Next: "2025h2-3"}},
			deadlines{"2025h1-1.registration": open(54), "2025h1-1.fee-payment": open(55), "2025h2-3.registration": open(187)}},
		{"between two deadlines of a round", "2025-09-06",
			map[string]noticeToday{"2025h1": {Over: true}, "2025h2": {Next: "2025h2-3"}},
			deadlines{
				"2025h2-3.site-application": closed, "2025h2-3.registration": closed,
				"2025h2-3.fee-payment": open(3), "2025h2-3.room-setup": open(5), "2025h2-3.admission-ticket": open(7),
				"2025h2-3.certificates": open(32),
				"2025h2-4.registration": open(54), "2025h2-4.fee-payment": open(59),
				"2025h1-2.certificates": closed,
			}},
		{"a deadline's day", "2025-09-09",
			map[string]noticeToday{"2025h1": {Over: true}, "2025h2": {Next: "2025h2-3"}},
			deadlines{"2025h2-3.registration": closed, "2025h2-3.fee-payment": today, "2025h2-3.room-setup": open(2), "2025h2-4.registration": open(51)}},
		{"two deadlines on one day", "2025-10-30",
			map[string]noticeToday{"2025h1": {Over: true}, "2025h2": {Next: "2025h2-4"}},
			deadlines{"2025h2-4.site-application": today, "2025h2-4.registration": today, "2025h2-4.fee-payment": open(5), "2025h2-3.certificates": closed}},
		{"a notice's last exam day", "2025-06-13",
			map[string]noticeToday{"2025h1": {Next: "2025h1-2"}, "2025h2": {Next: "2025h2-3"}},
			deadlines{"2025h1-2.registration": closed, "2025h1-2.certificates": open(19)}},
		{"the day after a notice's last exam", "2025-06-14",
			map[string]noticeToday{"2025h1": {Over: true}, "2025h2": {Next: "2025h2-3"}},
			deadlines{"2025h1-2.certificates": open(18), "2025h2-3.registration": open(82)}},
		{"between the rounds of a notice", "2025-05-10",
			map[string]noticeToday{"2025h1": {Next: "2025h1-2"}, "2025h2": {Next: "2025h2-3"}},
			deadlines{"2025h1-1.certificates": open(18), "2025h1-1.fee-payment": closed, "2025h1-2.registration": open(21)}},
		{"after every notice", "2026-01-01",
			map[string]noticeToday{"2025h1": {Over: true}, "2025h2": {Over: true}},
			deadlines{"2025h2-4.certificates": closed}},
	}
	// Every whole-day deadline of every round has a state; the exam sessions and the
	// 成绩公示 span have none.
	var uids []string
	for _, n := range p.Notices {
		for _, r := range n.Rounds {
			for _, m := range r.Milestones {
				if m.Kind == timeline.Day {
					uids = append(uids, permalink.UID(r.ID, m.ID))
				}
			}
		}
	}
	if len(uids) != 4*6 {
		t.Fatalf("%d deadlines; want 6 in each of the 4 rounds", len(uids))
	}
	slices.Sort(uids)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(root, "gen-"+tt.day)
			write(t, p, dir, filepath.Join(root, "static-"+tt.day), dataDir, testBase, tt.day)
			got := readToday(t, dir)
			if got.Date != tt.day {
				t.Errorf("date %q, want %s", got.Date, tt.day)
			}
			sameDay := func(a, b noticeToday) bool {
				return a.Next == b.Next && a.Over == b.Over && slices.Equal(a.Recent, b.Recent)
			}
			if !maps.EqualFunc(got.Notices, tt.notices, sameDay) {
				t.Errorf("notices %+v, want %+v", got.Notices, tt.notices)
			}
			if keys := slices.Sorted(maps.Keys(got.Deadlines)); !slices.Equal(keys, uids) {
				t.Errorf("states of %v, want of every deadline: %v", keys, uids)
			}
			for k, want := range tt.deadlines {
				round, milestone, _ := strings.Cut(k, ".")
				uid := permalink.UID(round, milestone)
				if got := got.Deadlines[uid]; got != want {
					t.Errorf("%s: %+v, want %+v", uid, got, want)
				}
			}
			for uid, d := range got.Deadlines {
				if d.State != "open" && d.Days != 0 || d.State == "open" && d.Days <= 0 {
					t.Errorf("%s: %+v; days left only when open, and then at least one", uid, d)
				}
			}
		})
	}
}

// Only data/today.json depends on the day: everything else Write makes (the templates'
// site data, the record of the QR images, and every published file: calendars, QR images,
// the notices' JSON and texts) is byte for byte the same for any day.
func TestOnlyTodayDependsOnTheDay(t *testing.T) {
	root, dataDir, p := prepareFixture(t, testkit.Two)
	type written struct{ dir, static map[string]string }
	var all []written
	for _, d := range []string{"2025-01-01", "2025-09-09", "2026-07-01"} {
		dir, static := filepath.Join(root, "gen-"+d), filepath.Join(root, "static-"+d)
		write(t, p, dir, static, dataDir, testBase, d)
		all = append(all, written{testkit.Tree(t, dir), testkit.Tree(t, static)})
	}
	first := all[0]
	if len(first.static) == 0 || first.dir["data/site.json"] == "" || first.dir["data/today.json"] == "" {
		t.Fatalf("Write wrote %d files under static, and data/site.json %v, data/today.json %v", len(first.static), first.dir["data/site.json"] != "", first.dir["data/today.json"] != "")
	}
	for i, w := range all[1:] {
		if !maps.Equal(w.static, first.static) {
			t.Errorf("write %d: the published files differ from those of another day", i+2)
		}
		if w.dir["data/today.json"] == first.dir["data/today.json"] {
			t.Errorf("write %d: data/today.json is the same on another day", i+2)
		}
		delete(w.dir, "data/today.json")
		rest := maps.Clone(first.dir)
		delete(rest, "data/today.json")
		if !maps.Equal(w.dir, rest) {
			t.Errorf("write %d: the generated files but today.json differ from those of another day", i+2)
		}
	}
}
