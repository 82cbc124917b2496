package calendar

import (
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/data"

	ics "github.com/arran4/golang-ical"
	ical "github.com/emersion/go-ical"
)

// FuzzText writes arbitrary text as an event's title, description and reminder and as the
// calendar's name and description, and checks that the file passes the lint and that the
// independent parser reads back the same text (after cleanText, which only normalizes line
// breaks, drops control characters TEXT cannot hold and repairs invalid UTF-8).
func FuzzText(f *testing.F) {
	for _, seed := range [][2]string{
		{"【报名截止】第三次统考（直播电商/新媒体技术）", "通知原文：考试前 14 日：院校考生：由考生所在院校统一集中报名。 社会考生：可直接在临近考点院校报名。"},
		{"emoji 📅🎓👩‍🏫🇨🇳 and more 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", "ZWJ 👨‍👩‍👧‍👦 flags 🇨🇳🇺🇸"},
		{"commas, semicolons; colons: and backslashes \\ \\n \\, \\;", "a,b;c\\d\\\\e"},
		{"line one\nline two\r\nline three\rfour", "\n\n\r\n\\n\n"},
		{strings.Repeat("考", 40), strings.Repeat("a ", 60)},
		{strings.Repeat(" ", 100), "\t\ttabs\t" + strings.Repeat("\t", 80)},
		{"", ""},
		{"\xff\xfe invalid \xe8\xaf UTF-8", "control \x00\x01\x1b\x7f chars"},
		{`"quoted" 'single' <a href="x">`, "http://example.com/a?b=c,d;e"},
	} {
		f.Add(seed[0], seed[1])
	}
	b, err := newBuilder(&data.Notice{Meta: data.Meta{TimeZone: "Asia/Shanghai"}}, testBase, nil)
	if err != nil {
		f.Fatal(err)
	}
	start := time.Date(2024, 9, 26, 14, 0, 0, 0, b.zone)
	f.Fuzz(func(t *testing.T, title, desc string) {
		e := &event{
			uid: "fuzz@examnotice", summary: title, description: desc, url: testBase,
			start: start, end: start.Add(time.Hour), status: ics.ObjectStatusConfirmed,
			alarms: []alarm{{sessionTrigger, title + desc}},
		}
		fd := feed{path: "fuzz.ics", name: title, desc: desc, subscription: true, events: []*event{e}}
		out, err := b.render(fd, map[string]stamps{e.uid: {dtstamp: start, lastModified: start}})
		if err != nil {
			t.Fatal(err)
		}
		if problems, _ := lint(out); len(problems) > 0 {
			t.Fatalf("lint: %v\n%q", problems, out)
		}
		cal := parse(t, "fuzz.ics", out)
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("%d events", len(events))
		}
		ev := events[0].Component
		checks := []struct {
			c          *ical.Component
			prop, want string
		}{
			{ev, ical.PropSummary, title},
			{ev, ical.PropDescription, desc},
			{ev.Children[0], ical.PropDescription, title + desc},
			{cal.Component, ical.PropName, title},
			{cal.Component, "X-WR-CALNAME", title},
			{cal.Component, "X-WR-CALDESC", desc},
		}
		for _, c := range checks {
			if got, want := text(t, c.c, c.prop), cleanText(c.want); got != want {
				t.Errorf("%s %s reads back as %q, want %q", c.c.Name, c.prop, got, want)
			}
		}
	})
}

// TestCleanText pins what cleanText changes: only what TEXT cannot carry.
func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"报名截止，缴费；\\考试", "报名截止，缴费；\\考试"},
		{"a\r\nb\rc\nd", "a\nb\nc\nd"},
		{"tab\tkept", "tab\tkept"},
		{"nul\x00esc\x1bdel\x7f", "nulescdel"},
		{"bad \xe8\xaf utf8", "bad \uFFFD utf8"},
		{"😀 emoji", "😀 emoji"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
