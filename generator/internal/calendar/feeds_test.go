package calendar

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/timeline"

	ical "github.com/emersion/go-ical"
)

// TestFeedsMatchNotice reads every feed with the independent parser and compares each exam
// event's start and end (instants for the exam sessions, days for the others) with the test
// notice as transcribed by hand in testdata/notice-2025h1.tsv: in the round's feed, in
// all.ics and in the event's own file. Every event of every feed has its fact.
func TestFeedsMatchNotice(t *testing.T) {
	n, rounds := loadNotice(t, nil)
	files, _ := generate(t, t.TempDir(), n, rounds)
	facts := noticeFacts(t)
	if len(facts) != 2*11 {
		t.Fatalf("%s has %d facts; the test notice has 2 rounds of 11 milestones (5 deadlines, 4 sessions, 成绩公示, 证书颁发)", factsFile, len(facts))
	}
	if len(rounds) != 2 {
		t.Fatalf("%d rounds, the test notice has 2", len(rounds))
	}
	all := eventsByUID(t, "all.ics", parse(t, "all.ics", files["calendars/all.ics"]))
	for _, r := range rounds {
		t.Run(r.ID, func(t *testing.T) {
			feed := eventsByUID(t, r.ID, parse(t, r.ID, files["calendars/"+r.ID+".ics"]))
			for uid := range feed {
				if _, ok := facts[uid]; !ok {
					t.Errorf("%s.ics: event %s is not in %s", r.ID, uid, factsFile)
				}
			}
			sessions, count := 0, 0
			for uid, want := range facts {
				if !strings.HasPrefix(uid, r.ID+".") {
					continue
				}
				mid := strings.TrimSuffix(strings.TrimPrefix(uid, r.ID+"."), "@examnotice")
				single := "calendars/" + r.ID + "/" + mid + ".ics"
				sources := map[string]map[string]ical.Event{
					r.ID + ".ics": feed,
					"all.ics":     all,
					single:        eventsByUID(t, single, parse(t, single, files[single])),
				}
				for src, events := range sources {
					e, ok := events[uid]
					if !ok {
						t.Errorf("%s: no event %s", src, uid)
						continue
					}
					got := [2]string{when(t, e, ical.PropDateTimeStart), when(t, e, ical.PropDateTimeEnd)}
					if got != want {
						t.Errorf("%s %s: DTSTART/DTEND %v, the notice says %v", src, uid, got, want)
					}
					if strings.Contains(want[0], "T") {
						if tzid := e.Props.Get(ical.PropDateTimeStart).Params.Get(ical.PropTimezoneID); tzid != "Asia/Shanghai" {
							t.Errorf("%s %s: DTSTART TZID %q, want Asia/Shanghai (no floating or UTC times)", src, uid, tzid)
						}
					}
				}
				count++
				if strings.Contains(mid, "exam-") {
					sessions++
				}
			}
			if sessions != 4 || count != 11 {
				t.Errorf("%d facts, %d of them sessions, for %s; want 11 and 4", count, sessions, r.ID)
			}
		})
	}
}

// TestFeedsMatchTimeline checks, with the independent parser, that each round's feed holds
// exactly the round's milestones, each at the timeline's days or instants, with the title,
// description, URL, status and reminders the issue asks for.
func TestFeedsMatchTimeline(t *testing.T) {
	n, rounds := loadNotice(t, nil)
	files, _ := generate(t, t.TempDir(), n, rounds)
	if len(rounds) != 2 {
		t.Fatalf("%d rounds, the test notice has 2", len(rounds))
	}
	all := eventsByUID(t, "all.ics", parse(t, "all.ics", files["calendars/all.ics"]))
	total := 0
	for _, r := range rounds {
		t.Run(r.ID, func(t *testing.T) {
			name := "calendars/" + r.ID + ".ics"
			feed := eventsByUID(t, name, parse(t, name, files[name]))
			if len(feed) != len(r.Milestones) {
				t.Errorf("%s has %d events, the round has %d milestones", name, len(feed), len(r.Milestones))
			}
			wantLabels := []string{"考核站点申报", "报名截止", "缴费截止", "考场布置", "准考证打印", "理论考试", "实操考试", "成绩公示", "证书颁发·预计"}
			for _, m := range r.Milestones {
				total++
				e, ok := feed[permalink.UID(r.ID, m.ID)]
				if !ok {
					t.Errorf("%s: no event for milestone %s", name, m.ID)
					continue
				}
				checkEvent(t, r, m, e)
				if a, ok := all[permalink.UID(r.ID, m.ID)]; !ok || a.Props.Get(ical.PropSummary).Value != e.Props.Get(ical.PropSummary).Value {
					t.Errorf("all.ics: event %s missing or different", permalink.UID(r.ID, m.ID))
				}
			}
			for _, l := range wantLabels {
				found := false
				for _, e := range feed {
					found = found || strings.HasPrefix(text(t, e.Component, ical.PropSummary), "【"+l+"】")
				}
				if !found {
					t.Errorf("%s: no event titled 【%s】…", name, l)
				}
			}
		})
	}
	if len(all) != total {
		t.Errorf("all.ics has %d events, the rounds have %d milestones", len(all), total)
	}
	// 第一次统考's 缴费截止 is counted over the 劳动节 holiday (05-01..05-05) and the make-up
	// Sunday 04-27: the 7th working day before 05-08 is 04-25. 第二次统考's 报名截止 is the
	// table's 05-31, not the process step's 06-12 -14 = 05-29.
	for _, tt := range []struct{ round, id, want string }{
		{"2025h1-1", "fee-payment", "2025-04-25"},
		{"2025h1-2", "registration", "2025-05-31"},
	} {
		if got := when(t, all[permalink.UID(tt.round, tt.id)], ical.PropDateTimeStart); got != tt.want {
			t.Errorf("%s %s on %s, want %s", tt.round, tt.id, got, tt.want)
		}
	}
}

func checkEvent(t *testing.T, r timeline.Round, m timeline.Milestone, e ical.Event) {
	t.Helper()
	id := permalink.UID(r.ID, m.ID)
	start, end := when(t, e, ical.PropDateTimeStart), when(t, e, ical.PropDateTimeEnd)
	if m.Kind == timeline.Session {
		if start != m.Start.Format(time.RFC3339) || end != m.End.Format(time.RFC3339) {
			t.Errorf("%s: %s–%s, the timeline has %s–%s", id, start, end, m.Start.Format(time.RFC3339), m.End.Format(time.RFC3339))
		}
	} else {
		if v := e.Props.Get(ical.PropDateTimeStart).Params.Get("VALUE"); v != "DATE" {
			t.Errorf("%s: an all-day event needs DTSTART;VALUE=DATE, has VALUE=%q", id, v)
		}
		// DTEND is exclusive: the day after the last day.
		if start != m.Date.String() || end != m.EndDate.AddDays(1).String() {
			t.Errorf("%s: %s to %s (exclusive), the timeline has %s to %s (inclusive)", id, start, end, m.Date, m.EndDate)
		}
	}
	summary := text(t, e.Component, ical.PropSummary)
	wantSummary := fmt.Sprintf("】%s（示例）", r.Name) // the test notice's one certificate, 示例
	if !strings.HasPrefix(summary, "【"+m.Label) || !strings.HasSuffix(summary, wantSummary) {
		t.Errorf("%s: SUMMARY %q, want 【%s…%s", id, summary, m.Label, wantSummary)
	}
	url := testBase + "rounds/" + r.ID + "/"
	if got := e.Props.Get(ical.PropURL); got == nil || got.Value != url {
		t.Errorf("%s: URL %v, want %s", id, got, url)
	}
	desc := text(t, e.Component, ical.PropDescription)
	for _, want := range []string{m.Wording, m.Rule, url} {
		if !strings.Contains(desc, want) {
			t.Errorf("%s: DESCRIPTION %q lacks %q", id, desc, want)
		}
	}
	wantStatus := "CONFIRMED"
	if m.Estimated {
		wantStatus = "TENTATIVE"
	}
	if got := text(t, e.Component, ical.PropStatus); got != wantStatus {
		t.Errorf("%s: STATUS %s, want %s", id, got, wantStatus)
	}
	// A reminder before every deadline and exam, none on the 成绩公示 span and the estimate.
	wantAlarm := m.Kind == timeline.Session || (m.Kind == timeline.Day && !m.Estimated)
	var alarms []*ical.Component
	for _, c := range e.Children {
		if c.Name == ical.CompAlarm {
			alarms = append(alarms, c)
		}
	}
	if wantAlarm != (len(alarms) > 0) {
		t.Errorf("%s: %d alarms, want an alarm: %v", id, len(alarms), wantAlarm)
	}
	for _, a := range alarms {
		if text(t, a, ical.PropAction) != "DISPLAY" || text(t, a, ical.PropDescription) == "" {
			t.Errorf("%s: an alarm needs ACTION:DISPLAY and a DESCRIPTION", id)
		}
		d, err := a.Props.Get(ical.PropTrigger).Duration()
		if err != nil || d >= 0 {
			t.Errorf("%s: TRIGGER %q (%v), want a duration before the start", id, a.Props.Get(ical.PropTrigger).Value, err)
		}
	}
}

// TestFeedProperties checks the calendar properties of every feed, read by the independent
// parser: what subscribing clients need, with durations they can parse.
func TestFeedProperties(t *testing.T) {
	n, rounds := loadNotice(t, nil)
	files, _ := generate(t, t.TempDir(), n, rounds)
	feeds := []struct {
		path, name string
	}{
		{"calendars/all.ics", "2025年上半年 示例证书 统考"},
		{"calendars/2025h1-1.ics", "第一次统考（示例）"},
		{"calendars/2025h1-2.ics", "第二次统考（示例）"},
	}
	for _, f := range feeds {
		t.Run(f.path, func(t *testing.T) {
			cal := parse(t, f.path, files[f.path])
			c := cal.Component
			for prop, want := range map[string]string{
				ical.PropVersion:       "2.0",
				ical.PropCalendarScale: "GREGORIAN",
				ical.PropMethod:        "PUBLISH",
				ical.PropName:          f.name,
				"X-WR-CALNAME":         f.name,
				"X-WR-TIMEZONE":        "Asia/Shanghai",
			} {
				if got := text(t, c, prop); got != want {
					t.Errorf("%s: %q, want %q", prop, got, want)
				}
			}
			if text(t, c, ical.PropProductID) == "" || !strings.Contains(text(t, c, "X-WR-CALDESC"), "示例培训评价组织有限公司") {
				t.Errorf("PRODID or X-WR-CALDESC missing")
			}
			ri := c.Props.Get(ical.PropRefreshInterval)
			if ri == nil || ri.Params.Get("VALUE") != "DURATION" {
				t.Fatalf("REFRESH-INTERVAL;VALUE=DURATION missing: %v", ri)
			}
			ttl := c.Props.Get("X-PUBLISHED-TTL")
			if ttl == nil {
				t.Fatal("X-PUBLISHED-TTL missing")
			}
			ttl.SetValueType(ical.ValueDuration)
			for _, p := range []*ical.Prop{ri, ttl} {
				d, err := p.Duration()
				if err != nil || d < time.Hour || d > 7*24*time.Hour {
					t.Errorf("%s %q: %v, %v; want a valid duration between an hour and a week", p.Name, p.Value, d, err)
				}
			}
			var tzs []string
			for _, ch := range c.Children {
				if ch.Name == ical.CompTimezone {
					tzs = append(tzs, text(t, ch, ical.PropTimezoneID))
				}
			}
			if len(tzs) != 1 || tzs[0] != "Asia/Shanghai" {
				t.Errorf("VTIMEZONEs %v, want one for Asia/Shanghai", tzs)
			}
		})
	}
	// Every milestone also has its own single-event file for calendars that only import.
	for _, r := range rounds {
		for _, m := range r.Milestones {
			p := "calendars/" + r.ID + "/" + m.ID + ".ics"
			events := eventsByUID(t, p, parse(t, p, files[p]))
			if _, ok := events[permalink.UID(r.ID, m.ID)]; !ok || len(events) != 1 {
				t.Errorf("%s: %d events, want only %s", p, len(events), permalink.UID(r.ID, m.ID))
			}
		}
	}
}
