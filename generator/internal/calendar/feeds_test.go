package calendar

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/timelinekit"
	"examnotice/generator/internal/timeline"

	ical "github.com/emersion/go-ical"
)

// fixtures are the test projects these tests build, with the notices each holds.
var fixtures = []struct {
	name, dir string
	ids       []string // in the order of their folders, oldest first
}{
	{testkit.Notice, fixtureData, []string{"2025h1"}},
	{testkit.Two, twoData, []string{"2025h1", "2025h2"}},
}

// uidsOf lists, in order, the UIDs of events that start with prefix.
func uidsOf[V any](events map[string]V, prefix string) []string {
	var out []string
	for u := range events {
		if strings.HasPrefix(u, prefix) {
			out = append(out, u)
		}
	}
	sort.Strings(out)
	return out
}

// TestFeedsMatchNotice reads every feed with the independent parser and compares each exam
// event's start and end (instants for the exam sessions, days for the others) with the test
// notices as transcribed by hand in testdata/notice-<id>.tsv: in the round's feed, in the
// notice's feed, in all.ics and in the event's own file. Every feed holds exactly the events
// it should: all.ics every event of every notice, a notice's feed only its own, a round's
// feed only its own.
func TestFeedsMatchNotice(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			notices := timelinekit.Notices(t, fx.dir, nil)
			files, _ := generate(t, t.TempDir(), notices)
			facts := noticeFacts(t, fx.ids...)
			if len(facts) != len(fx.ids)*2*11 {
				t.Fatalf("%d facts; each test notice has 2 rounds of 11 milestones (5 deadlines, 4 sessions, 成绩公示, 证书颁发)", len(facts))
			}
			if len(notices) != len(fx.ids) {
				t.Fatalf("%d notices, want %d", len(notices), len(fx.ids))
			}
			all := eventsByUID(t, "all.ics", parse(t, "all.ics", files[permalink.AllFeed]))
			if got, want := uidsOf(all, ""), uidsOf(facts, ""); !slices.Equal(got, want) {
				t.Errorf("all.ics holds\n%v\nwant every event of every notice:\n%v", got, want)
			}
			for _, n := range notices {
				id := n.Meta.ID
				feedPath := permalink.NoticeFeed(id)
				own := eventsByUID(t, feedPath, parse(t, feedPath, files[feedPath]))
				if got, want := uidsOf(own, ""), uidsOf(facts, id+"-"); !slices.Equal(got, want) {
					t.Errorf("%s holds\n%v\nwant only the events of %s:\n%v", feedPath, got, id, want)
				}
				if len(n.Rounds) != 2 {
					t.Fatalf("%s: %d rounds, each test notice has 2", id, len(n.Rounds))
				}
				for _, r := range n.Rounds {
					t.Run(r.ID, func(t *testing.T) { checkRoundFacts(t, files, r, facts, own, all) })
				}
			}
		})
	}
}

// checkRoundFacts checks the events of round r, in its feed, its notice's feed (own), all.ics
// and its single-event files, against facts.
func checkRoundFacts(t *testing.T, files map[string][]byte, r timeline.Round, facts map[string][2]string, own, all map[string]ical.Event) {
	feedPath := permalink.Feed(r.ID)
	feed := eventsByUID(t, feedPath, parse(t, feedPath, files[feedPath]))
	if got, want := uidsOf(feed, ""), uidsOf(facts, r.ID+"."); !slices.Equal(got, want) {
		t.Errorf("%s holds\n%v\nwant only the round's events:\n%v", feedPath, got, want)
	}
	sessions, count := 0, 0
	for _, uid := range uidsOf(facts, r.ID+".") {
		want := facts[uid]
		mid := strings.TrimSuffix(strings.TrimPrefix(uid, r.ID+"."), "@examnotice")
		single := permalink.Event(r.ID, mid)
		sources := map[string]map[string]ical.Event{
			feedPath:          feed,
			"notice feed":     own,
			permalink.AllFeed: all,
			single:            eventsByUID(t, single, parse(t, single, files[single])),
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
}

// TestFeedsMatchTimeline checks, with the independent parser, that each round's feed holds
// exactly the round's milestones, each at the timeline's days or instants, with the title,
// description, URL, status and reminders the issue asks for, for every round of both notices
// of the two-notice project; all.ics holds each the same.
func TestFeedsMatchTimeline(t *testing.T) {
	notices := timelinekit.Notices(t, twoData, nil)
	files, _ := generate(t, t.TempDir(), notices)
	all := eventsByUID(t, "all.ics", parse(t, "all.ics", files[permalink.AllFeed]))
	total, rounds := 0, 0
	for _, n := range notices {
		for _, r := range n.Rounds {
			rounds++
			t.Run(r.ID, func(t *testing.T) {
				name := permalink.Feed(r.ID)
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
					checkEvent(t, n, r, m, e)
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
	}
	if rounds != 4 || len(all) != total {
		t.Errorf("all.ics has %d events, the %d rounds (want 4) have %d milestones", len(all), rounds, total)
	}
	// 第一次统考's 缴费截止 is counted over the 劳动节 holiday (05-01..05-05) and the make-up
	// Sunday 04-27: the 7th working day before 05-08 is 04-25. 第二次统考's 报名截止 is the
	// table's 05-31, not the process step's 06-12 -14 = 05-29. 第三次统考's 成绩公示 runs
	// into 国庆节: 09-29 to 10-03, DTEND 10-04.
	for _, tt := range []struct{ round, id, prop, want string }{
		{"2025h1-1", "fee-payment", ical.PropDateTimeStart, "2025-04-25"},
		{"2025h1-2", "registration", ical.PropDateTimeStart, "2025-05-31"},
		{"2025h2-3", "scores", ical.PropDateTimeEnd, "2025-10-04"},
	} {
		if got := when(t, all[permalink.UID(tt.round, tt.id)], tt.prop); got != tt.want {
			t.Errorf("%s %s %s %s, want %s", tt.round, tt.id, tt.prop, got, tt.want)
		}
	}
}

func checkEvent(t *testing.T, n timeline.Notice, r timeline.Round, m timeline.Milestone, e ical.Event) {
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
	for _, want := range []string{m.Wording, m.Rule, url, "《" + n.Meta.Title + "》"} {
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

// TestFeedProperties checks the calendar properties of every feed of the two notices, read
// by the independent parser: what subscribing clients need, with durations they can parse, a
// name and a description with the page it is of. all.ics is named for every notice at once;
// a notice's feed by its short title.
func TestFeedProperties(t *testing.T) {
	notices := timelinekit.Notices(t, twoData, nil)
	files, _ := generate(t, t.TempDir(), notices)
	feeds := []struct {
		path, name, page string
	}{
		{permalink.AllFeed, "示例 全部统考", testBase},
		{permalink.NoticeFeed("2025h1"), "2025年上半年 示例证书 统考", testBase + "notices/2025h1/"},
		{permalink.NoticeFeed("2025h2"), "2025年下半年 示例证书 统考", testBase + "notices/2025h2/"},
		{permalink.Feed("2025h1-1"), "第一次统考（示例）", testBase + "rounds/2025h1-1/"},
		{permalink.Feed("2025h1-2"), "第二次统考（示例）", testBase + "rounds/2025h1-2/"},
		{permalink.Feed("2025h2-3"), "第三次统考（示例）", testBase + "rounds/2025h2-3/"},
		{permalink.Feed("2025h2-4"), "第四次统考（示例）", testBase + "rounds/2025h2-4/"},
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
			desc := text(t, c, "X-WR-CALDESC")
			if text(t, c, ical.PropProductID) == "" || !strings.Contains(desc, "示例培训评价组织有限公司") || !strings.HasSuffix(desc, "网页："+f.page) {
				t.Errorf("PRODID missing, or X-WR-CALDESC %q does not name the issuer and end with the page %s", desc, f.page)
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
	for _, n := range notices {
		for _, r := range n.Rounds {
			for _, m := range r.Milestones {
				p := permalink.Event(r.ID, m.ID)
				events := eventsByUID(t, p, parse(t, p, files[p]))
				if _, ok := events[permalink.UID(r.ID, m.ID)]; !ok || len(events) != 1 {
					t.Errorf("%s: %d events, want only %s", p, len(events), permalink.UID(r.ID, m.ID))
				}
			}
		}
	}
}

// TestStampsPerNotice: in every file of the two notices, each event's DTSTAMP and
// LAST-MODIFIED are the midnight (Asia/Shanghai) of its own notice's `updated`, 2025-03-01
// for 2025h1 and 2025-08-01 for 2025h2, whichever notice is current; all.ics lists the
// notices oldest first, each notice's events as its own feed does, so that a subscription
// made before a notice sees the new one's events come after those it had.
func TestStampsPerNotice(t *testing.T) {
	notices := timelinekit.Notices(t, twoData, nil)
	files, _ := generate(t, t.TempDir(), notices)
	cst := time.FixedZone("+08:00", 8*3600)
	updated := map[string]time.Time{
		"2025h1": time.Date(2025, 3, 1, 0, 0, 0, 0, cst),
		"2025h2": time.Date(2025, 8, 1, 0, 0, 0, 0, cst),
	}
	seen := 0
	for _, p := range sortedPaths(files) {
		for _, e := range parse(t, p, files[p]).Events() {
			u := text(t, e.Component, ical.PropUID)
			want, ok := updated[strings.SplitN(u, "-", 2)[0]]
			if !ok {
				t.Fatalf("%s: event %s of no test notice", p, u)
			}
			for _, prop := range []string{ical.PropDateTimeStamp, ical.PropLastModified} {
				got, err := e.Props.DateTime(prop, nil)
				if err != nil || !got.Equal(want) || !strings.HasSuffix(e.Props.Get(prop).Value, "Z") {
					t.Errorf("%s %s: %s %q (%v), want %s in UTC", p, u, prop, e.Props.Get(prop).Value, err, want.UTC().Format("20060102T150405Z"))
				}
			}
			seen++
		}
	}
	if want := 44 * 4; seen != want { // each event in its file, its round's, its notice's and all.ics
		t.Errorf("%d events in all files, want %d", seen, want)
	}
	order := func(path string) []string {
		var out []string
		for _, e := range parse(t, path, files[path]).Events() {
			out = append(out, text(t, e.Component, ical.PropUID))
		}
		return out
	}
	want := append(order(permalink.NoticeFeed("2025h1")), order(permalink.NoticeFeed("2025h2"))...)
	if got := order(permalink.AllFeed); !slices.Equal(got, want) {
		t.Errorf("all.ics lists\n%v\nwant 2025h1's events, then 2025h2's, each in its feed's order:\n%v", got, want)
	}
	for _, id := range []string{"2025h1", "2025h2"} {
		var rounds []string
		for _, n := range notices {
			if n.Meta.ID == id {
				for _, r := range n.Rounds {
					rounds = append(rounds, order(permalink.Feed(r.ID))...)
				}
			}
		}
		if got := order(permalink.NoticeFeed(id)); !slices.Equal(got, rounds) {
			t.Errorf("%s lists %v, want its rounds' events in turn: %v", permalink.NoticeFeed(id), got, rounds)
		}
	}
}
