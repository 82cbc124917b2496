package timeline

import (
	"testing"
	"time"

	"examnotice/generator/internal/data"
)

// derived loads the real notice of data/ and derives its timeline.
func derived(t *testing.T) ([]Round, data.Problems) {
	t.Helper()
	n, err := data.Load("../../../data")
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

// The dates of the notice, and those derived from its rules (design.md, "Reading the notice").
func TestDayMilestones(t *testing.T) {
	rounds, _ := derived(t)
	tests := []struct {
		round, milestone string
		from, to         string // inclusive
		explicit         bool
		estimated        bool
	}{
		// 第三次统考: first exam day 2024-09-26, last 2024-09-27.
		{"2024h2-3", "site-application", "2024-09-12", "2024-09-12", false, false},
		{"2024h2-3", "registration", "2024-09-14", "2024-09-14", true, false},
		// 7th working day before 9-26: 9-25,24,23,20,19,18 and the make-up Saturday 9-14
		// (9-15..9-17 are the Mid-Autumn holiday).
		{"2024h2-3", "fee-payment", "2024-09-14", "2024-09-14", false, false},
		{"2024h2-3", "room-setup", "2024-09-19", "2024-09-19", false, false},
		{"2024h2-3", "admission-ticket", "2024-09-21", "2024-09-21", false, false},
		{"2024h2-3", "scores", "2024-10-07", "2024-10-11", false, false},
		{"2024h2-3", "certificates", "2024-10-16", "2024-10-16", false, true},
		// 第四次统考: 10-25/26; table deadline 10-12; fee: 10-24,23,22,21,18,17,16.
		{"2024h2-4", "registration", "2024-10-12", "2024-10-12", true, false},
		{"2024h2-4", "fee-payment", "2024-10-16", "2024-10-16", false, false},
		{"2024h2-4", "room-setup", "2024-10-18", "2024-10-18", false, false},
		// 第五次统考: 11-22/23.
		{"2024h2-5", "registration", "2024-11-09", "2024-11-09", true, false},
		{"2024h2-5", "fee-payment", "2024-11-13", "2024-11-13", false, false},
		{"2024h2-5", "admission-ticket", "2024-11-17", "2024-11-17", false, false},
		// 第六次统考: 12-06/07.
		{"2024h2-6", "registration", "2024-11-23", "2024-11-23", true, false},
		{"2024h2-6", "fee-payment", "2024-11-27", "2024-11-27", false, false},
		{"2024h2-6", "site-application", "2024-11-22", "2024-11-22", false, false},
		// 第七次统考: 12-20/21; scores run into 2025.
		{"2024h2-7", "registration", "2024-12-07", "2024-12-07", true, false},
		{"2024h2-7", "fee-payment", "2024-12-11", "2024-12-11", false, false},
		{"2024h2-7", "scores", "2024-12-31", "2025-01-04", false, false},
		{"2024h2-7", "certificates", "2025-01-09", "2025-01-09", false, true},
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
			if m.Rule == "" || m.Wording == "" {
				t.Errorf("rule %q wording %q: both must say where the date comes from", m.Rule, m.Wording)
			}
		})
	}
}

func TestSessions(t *testing.T) {
	rounds, _ := derived(t)
	cst := time.FixedZone("+08:00", 8*3600)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Every round has the same four sittings on its two days (section 一 of the notice).
	days := map[string][2]string{
		"2024h2-3": {"2024-09-26", "2024-09-27"},
		"2024h2-4": {"2024-10-25", "2024-10-26"},
		"2024h2-5": {"2024-11-22", "2024-11-23"},
		"2024h2-6": {"2024-12-06", "2024-12-07"},
		"2024h2-7": {"2024-12-20", "2024-12-21"},
	}
	for id, d := range days {
		want := []struct{ id, subject, start, end string }{
			{"exam-1-theory", "理论考试", d[0] + " 14:00", d[0] + " 15:00"},
			{"exam-1-practical", "实操考试", d[0] + " 15:30", d[0] + " 18:00"},
			{"exam-2-theory", "理论考试", d[1] + " 08:30", d[1] + " 09:30"},
			{"exam-2-practical", "实操考试", d[1] + " 10:00", d[1] + " 12:30"},
		}
		r := round(t, rounds, id)
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
			if m.Subject != w.subject || len(m.Levels) != 2 {
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

// The table's registration deadlines are 12–13 days before the first exam day, not the
// process step's 14: every round gets a warning, and the table's date wins.
func TestRegistrationWarnings(t *testing.T) {
	_, warnings := derived(t)
	if len(warnings) != 5 {
		t.Fatalf("%d warnings, want one per round:\n%v", len(warnings), warnings)
	}
	if w := warnings[0].String(); w != `../../../data/rounds.yaml:11:28: 第三次统考: the table's 报名截止 2024-09-14 differs from the process step "考试前 14 日" (2024-09-26 -14 days = 2024-09-12); the table's date is used` {
		t.Errorf("warning: %s", w)
	}
}

func TestMissingWorkdayYear(t *testing.T) {
	n, err := data.Load("../../../data")
	if err != nil {
		t.Fatal(err)
	}
	n.Workdays = nil // Check would refuse this; Derive must refuse it too, not guess.
	if _, _, err := Derive(n); err == nil {
		t.Fatal("no error without working-day data")
	}
}
