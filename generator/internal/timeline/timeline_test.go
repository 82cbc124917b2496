package timeline

import (
	"path/filepath"
	"testing"
	"time"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/testkit"
)

// fixtureData is the data/ of the test notice (generator/testdata/notice: 2025h1, two
// rounds), which these tests read and never write.
var fixtureData = filepath.Join(testkit.Fixture(testkit.Notice), "data")

// derived loads the test notice and derives its timeline.
func derived(t *testing.T) ([]Round, data.Problems) {
	t.Helper()
	n, err := data.Load(fixtureData)
	if err != nil {
		t.Fatal(err)
	}
	if err := data.Check(n); err != nil {
		t.Fatal(err)
	}
	rounds, warnings, err := Derive(n)
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
	want := filepath.Join(fixtureData, "rounds.yaml") + `:25:28: 第二次统考: the table's 报名截止 2025-05-31 differs from the process step "考试前 14 日" (2025-06-12 -14 days = 2025-05-29); the table's date is used`
	if w := warnings[0].String(); w != want {
		t.Errorf("warning:\n%s\nwant\n%s", w, want)
	}
}

func TestMissingWorkdayYear(t *testing.T) {
	n, err := data.Load(fixtureData)
	if err != nil {
		t.Fatal(err)
	}
	n.Workdays = nil // Check would refuse this; Derive must refuse it too, not guess.
	if _, _, err := Derive(n); err == nil {
		t.Fatal("no error without working-day data")
	}
}
