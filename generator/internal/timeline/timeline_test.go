package timeline

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/testkit"
)

// fixtureData is the data/ of the test notice (generator/testdata/notice: 2025h1, two
// rounds), which these tests read and never write; twoData that of the two notices
// (generator/testdata/two: 2025h1 and the newer 2025h2).
var (
	fixtureData = testkit.FixtureData(testkit.Notice)
	twoData     = testkit.FixtureData(testkit.Two)
)

// library loads and checks the data directory dir.
func library(t *testing.T, dir string) *data.Library {
	t.Helper()
	lib, err := data.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Check(); err != nil {
		t.Fatal(err)
	}
	return lib
}

// testNotice loads the one notice of the test notice's data, checked.
func testNotice(t *testing.T) *data.Notice {
	t.Helper()
	lib := library(t, fixtureData)
	if len(lib.Notices) != 1 || lib.Notices[0].Meta.ID != "2025h1" {
		t.Fatalf("%s holds %d notices; want the one notice 2025h1", fixtureData, len(lib.Notices))
	}
	return lib.Notices[0]
}

// derived loads the test notice and derives its timeline.
func derived(t *testing.T) ([]Round, data.Problems) {
	t.Helper()
	rounds, warnings, err := Derive(testNotice(t))
	if err != nil {
		t.Fatal(err)
	}
	return rounds, warnings
}

func round(t *testing.T, rounds []Round, id string) Round {
	t.Helper()
	for _, r := range rounds {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no round %s", id)
	return Round{}
}

// Every whole-day milestone of both rounds of the test notice, worked out by hand from its
// tables (rounds.yaml, process.yaml, fees.yaml) and the 2025 arrangement of workdays.yaml.
func TestDayMilestones(t *testing.T) {
	rounds, _ := derived(t)
	tests := []struct {
		round, milestone string
		from, to         string // inclusive
		explicit         bool
		estimated        bool
		role             Role
	}{
		// 第一次统考: first exam day 2025-05-08 (Thu), last 2025-05-09 (Fri).
		{"2025h1-1", "site-application", "2025-04-24", "2025-04-24", false, false, ""}, // 05-08 -14
		// The table's 04-24 is also 05-08 -14: the table and the process step agree.
		{"2025h1-1", "registration", "2025-04-24", "2025-04-24", true, false, Registration},
		// 7th working day before 05-08, 05-08 not counted: 05-07 Wed (1), 05-06 Tue (2);
		// 05-01..05-05 are the 劳动节 holiday; 04-30 Wed (3), 04-29 Tue (4), 04-28 Mon (5),
		// the make-up Sunday 04-27 (6); Saturday 04-26 is off; 04-25 Fri (7).
		{"2025h1-1", "fee-payment", "2025-04-25", "2025-04-25", false, false, FeePayment},
		// Calendar days, holiday or not: 05-08 -7 is 05-01, 05-08 -5 is 05-03.
		{"2025h1-1", "room-setup", "2025-05-01", "2025-05-01", false, false, ""},
		{"2025h1-1", "admission-ticket", "2025-05-03", "2025-05-03", false, false, ""},
		// 05-09 +10 = 05-19, for 5 days: 05-19..05-23; certificates 5 days after: 05-28, 预计.
		{"2025h1-1", "scores", "2025-05-19", "2025-05-23", false, false, ""},
		{"2025h1-1", "certificates", "2025-05-28", "2025-05-28", false, true, ""},

		// 第二次统考: first exam day 2025-06-12 (Thu), last 2025-06-13 (Fri).
		{"2025h1-2", "site-application", "2025-05-29", "2025-05-29", false, false, ""}, // 06-12 -14
		// The table says 05-31, 12 days before, not the process step's 05-29: the table wins
		// (and TestRegistrationWarnings expects the warning).
		{"2025h1-2", "registration", "2025-05-31", "2025-05-31", true, false, Registration},
		// 7th working day before 06-12: 06-11 Wed (1), 06-10 Tue (2), 06-09 Mon (3), the
		// weekend 06-07/08 off, 06-06 Fri (4), 06-05 Thu (5), 06-04 Wed (6), 06-03 Tue (7); the
		// 端午节 holiday (05-31..06-02) lies beyond it.
		{"2025h1-2", "fee-payment", "2025-06-03", "2025-06-03", false, false, FeePayment},
		{"2025h1-2", "room-setup", "2025-06-05", "2025-06-05", false, false, ""},       // 06-12 -7
		{"2025h1-2", "admission-ticket", "2025-06-07", "2025-06-07", false, false, ""}, // 06-12 -5
		// 06-13 +10 = 06-23, for 5 days: 06-23..06-27; certificates 06-27 +5 = 07-02, 预计.
		{"2025h1-2", "scores", "2025-06-23", "2025-06-27", false, false, ""},
		{"2025h1-2", "certificates", "2025-07-02", "2025-07-02", false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.round+"/"+tt.milestone, func(t *testing.T) {
			m, ok := round(t, rounds, tt.round).Milestone(tt.milestone)
			if !ok {
				t.Fatalf("no milestone %s", tt.milestone)
			}
			if got := m.Date.String(); got != tt.from {
				t.Errorf("date %s, want %s", got, tt.from)
			}
			if got := m.EndDate.String(); got != tt.to {
				t.Errorf("end date %s, want %s", got, tt.to)
			}
			if m.Explicit != tt.explicit || m.Estimated != tt.estimated {
				t.Errorf("explicit %v estimated %v, want %v %v", m.Explicit, m.Estimated, tt.explicit, tt.estimated)
			}
			if m.Role != tt.role {
				t.Errorf("role %q, want %q", m.Role, tt.role)
			}
			if m.Rule == "" || m.Wording == "" {
				t.Errorf("rule %q wording %q: both must say where the date comes from", m.Rule, m.Wording)
			}
		})
	}
	// Each round has exactly these 7 whole-day milestones, besides its 4 sessions.
	for _, r := range rounds {
		days := 0
		for _, m := range r.Milestones {
			if m.Kind != Session {
				days++
			}
		}
		if days != 7 {
			t.Errorf("%s: %d whole-day milestones, want 7", r.ID, days)
		}
	}
}

func TestSessions(t *testing.T) {
	rounds, _ := derived(t)
	if len(rounds) != 2 {
		t.Fatalf("%d rounds, the test notice has 2", len(rounds))
	}
	cst := time.FixedZone("+08:00", 8*3600)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Both rounds have the same four sittings on their two days (section 一 of the test notice).
	days := map[string][2]string{
		"2025h1-1": {"2025-05-08", "2025-05-09"},
		"2025h1-2": {"2025-06-12", "2025-06-13"},
	}
	for id, d := range days {
		want := []struct{ id, subject, start, end string }{
			{"exam-1-theory", "理论考试", d[0] + " 14:00", d[0] + " 15:00"},
			{"exam-1-practical", "实操考试", d[0] + " 15:30", d[0] + " 18:00"},
			{"exam-2-theory", "理论考试", d[1] + " 08:30", d[1] + " 09:30"},
			{"exam-2-practical", "实操考试", d[1] + " 10:00", d[1] + " 12:30"},
		}
		r := round(t, rounds, id)
		if r.FirstDay.String() != d[0] || r.LastDay.String() != d[1] {
			t.Errorf("%s: exam days %s to %s, want %s to %s", id, r.FirstDay, r.LastDay, d[0], d[1])
		}
		for _, w := range want {
			m, ok := r.Milestone(w.id)
			if !ok {
				t.Errorf("%s: no session %s", id, w.id)
				continue
			}
			if !m.Start.Equal(at(w.start)) || !m.End.Equal(at(w.end)) {
				t.Errorf("%s %s: %s–%s, want %s–%s +08:00", id, w.id, m.Start, m.End, w.start, w.end)
			}
			if _, off := m.Start.Zone(); off != 8*3600 {
				t.Errorf("%s %s: offset %d, want +08:00", id, w.id, off)
			}
			if m.Kind != Session || !m.Explicit {
				t.Errorf("%s %s: kind %s explicit %v, want an explicit session", id, w.id, m.Kind, m.Explicit)
			}
			if m.Subject != w.subject || len(m.Levels) != 2 || m.Levels[0] != "初级" || m.Levels[1] != "中级" {
				t.Errorf("%s %s: %s %v, want %s for 初级 and 中级", id, w.id, m.Subject, m.Levels, w.subject)
			}
		}
	}
}

func TestMilestonesInTimeOrder(t *testing.T) {
	rounds, _ := derived(t)
	for _, r := range rounds {
		if len(r.Milestones) != 11 {
			t.Errorf("%s: %d milestones, want 11 (7 steps less 正式考试, 4 sessions, 缴费截止)", r.ID, len(r.Milestones))
		}
		for i := 1; i < len(r.Milestones); i++ {
			if r.Milestones[i].Start.Before(r.Milestones[i-1].Start) {
				t.Errorf("%s: %s before %s", r.ID, r.Milestones[i].ID, r.Milestones[i-1].ID)
			}
		}
	}
}

// 第一次统考's table deadline (04-24) is the process step's "考试前 14 日"; 第二次统考's (05-31)
// is 12 days before its first exam day: one warning, at the table's date in rounds.yaml
// (line 25, column 28), and the table's date wins.
func TestRegistrationWarnings(t *testing.T) {
	_, warnings := derived(t)
	if len(warnings) != 1 {
		t.Fatalf("%d warnings, want one, for 第二次统考:\n%v", len(warnings), warnings)
	}
	want := filepath.Join(fixtureData, "notices", "2025h1", "rounds.yaml") + `:25:28: 第二次统考: the table's 报名截止 2025-05-31 differs from the process step "考试前 14 日" (2025-06-12 -14 days = 2025-05-29); the table's date is used`
	if w := warnings[0].String(); w != want {
		t.Errorf("warning:\n%s\nwant\n%s", w, want)
	}
}

func TestMissingWorkdayYear(t *testing.T) {
	n := testNotice(t)
	n.Workdays = nil // Check would refuse this; Derive must refuse it too, not guess.
	if _, _, err := Derive(n); err == nil {
		t.Fatal("no error without working-day data")
	}
}

// ids lists the ids of notices, in order.
func ids(notices []Notice) []string {
	var out []string
	for _, n := range notices {
		out = append(out, n.Meta.ID)
	}
	return out
}

// DeriveAll on the two notices of 2025: the newer 2025h2 (exams up to 2025-11-14) comes
// first, 2025h1 (up to 2025-06-13) second, whatever the order of the library's folders;
// each notice's rounds are what Derive makes of it alone, and the warnings are those of
// every notice (the one of 2025h1's 第二次统考; 2025h2's table deadlines are 14 days before).
func TestDeriveAll(t *testing.T) {
	lib := library(t, twoData)
	if got := lib.Notices; len(got) != 2 || got[0].Meta.ID != "2025h1" || got[1].Meta.ID != "2025h2" {
		t.Fatalf("the library holds %d notices; want 2025h1 and 2025h2, in the order of their folders", len(got))
	}
	notices, warnings, err := DeriveAll(lib)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(notices); !slices.Equal(got, []string{"2025h2", "2025h1"}) {
		t.Errorf("notices %v; want 2025h2, 2025h1 (newest first, by the latest exam day)", got)
	}
	lastDays := map[string]string{"2025h2": "2025-11-14", "2025h1": "2025-06-13"}
	for _, n := range notices {
		if got := n.LastDay().String(); got != lastDays[n.Meta.ID] {
			t.Errorf("%s: LastDay %s, want %s", n.Meta.ID, got, lastDays[n.Meta.ID])
		}
		alone, _, err := Derive(n.Notice)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := mustJSON(t, alone), mustJSON(t, n.Rounds); a != b {
			t.Errorf("%s: DeriveAll's rounds differ from Derive's of the notice alone", n.Meta.ID)
		}
	}
	want := filepath.Join(twoData, "notices", "2025h1", "rounds.yaml") + ":25:28: 第二次统考: the table's 报名截止 2025-05-31 differs"
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0].String(), want) {
		t.Errorf("warnings:\n%v\nwant one, starting %s", warnings, want)
	}

	// The order depends on the data only: derived again, or from the folders the other way
	// round, the result is the same, byte for byte.
	first := mustJSON(t, notices)
	for _, reversed := range []bool{false, true} {
		if reversed {
			slices.Reverse(lib.Notices)
		}
		again, _, err := DeriveAll(lib)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(again); !slices.Equal(got, []string{"2025h2", "2025h1"}) || mustJSON(t, again) != first {
			t.Errorf("folders reversed %v: notices %v, or their timelines differ from the first derivation", reversed, got)
		}
	}
}

// 2025h2's whole-day milestones that a rule counts, worked out by hand from its tables:
// the fee deadlines (7th working day before 09-18 and 11-13, no holiday in either window)
// and 第三次统考's 成绩公示, which runs into 国庆节 (calendar days, holiday or not).
func TestDeriveAllNewerNotice(t *testing.T) {
	notices, _, err := DeriveAll(library(t, twoData))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ round, milestone, from, to string }{
		// 09-17 (1), 09-16 (2), 09-15 (3), weekend off, 09-12 (4), 09-11 (5), 09-10 (6), 09-09 (7).
		{"2025h2-3", "fee-payment", "2025-09-09", "2025-09-09"},
		{"2025h2-3", "registration", "2025-09-04", "2025-09-04"}, // the table's, also 09-18 -14
		{"2025h2-3", "scores", "2025-09-29", "2025-10-03"},       // 09-19 +10, for 5 days
		{"2025h2-3", "certificates", "2025-10-08", "2025-10-08"}, // 10-03 +5, 预计
		// 11-12 (1), 11-11 (2), 11-10 (3), weekend off, 11-07 (4), 11-06 (5), 11-05 (6), 11-04 (7).
		{"2025h2-4", "fee-payment", "2025-11-04", "2025-11-04"},
		{"2025h2-4", "registration", "2025-10-30", "2025-10-30"},
		{"2025h2-4", "scores", "2025-11-24", "2025-11-28"},
	}
	for _, tt := range tests {
		m, ok := round(t, notices[0].Rounds, tt.round).Milestone(tt.milestone)
		if !ok {
			t.Errorf("%s: no milestone %s", tt.round, tt.milestone)
			continue
		}
		if m.Date.String() != tt.from || m.EndDate.String() != tt.to {
			t.Errorf("%s %s: %s to %s, want %s to %s", tt.round, tt.milestone, m.Date, m.EndDate, tt.from, tt.to)
		}
	}
}

// Notices whose latest exam days are the same are ordered by id, the greater first; a
// notice's LastDay is its latest exam day in any round, whatever the order of its rounds.
func TestDeriveAllTie(t *testing.T) {
	n := testNotice(t)
	twin := *n
	twin.Meta.ID = "2025h0"
	twin.Rounds = slices.Clone(n.Rounds)
	slices.Reverse(twin.Rounds) // 第二次统考 first: LastDay is still 06-13
	for _, order := range [][]*data.Notice{{n, &twin}, {&twin, n}} {
		notices, _, err := DeriveAll(&data.Library{Notices: order})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(notices); !slices.Equal(got, []string{"2025h1", "2025h0"}) {
			t.Errorf("notices %v; want 2025h1, 2025h0 (the same latest exam day, then the greater id)", got)
		}
		for _, tn := range notices {
			if got := tn.LastDay().String(); got != "2025-06-13" {
				t.Errorf("%s: LastDay %s, want 2025-06-13", tn.Meta.ID, got)
			}
		}
	}
	if got := (Notice{Notice: n}).LastDay(); !got.IsZero() {
		t.Errorf("LastDay of a notice without derived rounds: %s, want the zero day", got)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
