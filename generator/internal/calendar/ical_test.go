package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// TestFold checks the folding rules on lines built to hit the edges: multi-byte characters
// across the 75th octet, blanks at the cut, and lines of blanks only.
func TestFold(t *testing.T) {
	tests := []struct {
		name, line string
		blankCut   bool // no cut avoids blanks: blanks or tabs everywhere
	}{
		{"short", "SUMMARY:考试", false},
		{"exactly 75", "SUMMARY:" + strings.Repeat("a", 67), false},
		{"76", "SUMMARY:" + strings.Repeat("a", 68), false},
		{"3-byte characters", "SUMMARY:" + strings.Repeat("考", 60), false},
		{"4-byte characters off by one", "SUMMARY:x" + strings.Repeat("😀", 50), false},
		{"blank at the cut", "SUMMARY:" + strings.Repeat("a", 66) + "  b " + strings.Repeat("c", 80), false},
		{"blanks only", "SUMMARY:" + strings.Repeat(" ", 200), true},
		{"tabs everywhere", "SUMMARY:" + strings.Repeat("\t考", 60), true},
		{"blanks near the cut", "SUMMARY:" + strings.Repeat("考试 ", 30), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			fold(&out, tt.line)
			s := out.String()
			if n := strings.Count(s, "\r\n"); n > 1+len(tt.line)/(maxOctets-1-maxBack) {
				t.Errorf("%d physical lines for %d octets: cuts too short", n, len(tt.line))
			}
			if !strings.HasSuffix(s, "\r\n") {
				t.Fatalf("no final CRLF: %q", s)
			}
			phys := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
			var unfolded strings.Builder
			for i, p := range phys {
				if len(p) > maxOctets || !utf8.ValidString(p) {
					t.Errorf("line %d: %d octets, valid UTF-8 %v: %q", i, len(p), utf8.ValidString(p), p)
				}
				if i > 0 {
					if p[0] != ' ' {
						t.Fatalf("continuation %d does not start with a space: %q", i, p)
					}
					p = p[1:]
					if len(p) == 0 {
						t.Errorf("continuation %d is empty", i)
					}
				}
				unfolded.WriteString(p)
			}
			if unfolded.String() != tt.line {
				t.Errorf("unfolds to %q, want %q", unfolded.String(), tt.line)
			}
			if !tt.blankCut {
				for i, p := range phys {
					if i > 0 && isBlank(p[1]) || i < len(phys)-1 && isBlank(p[len(p)-1]) {
						t.Errorf("line %d is cut next to a blank: %q", i, p)
					}
				}
			}
		})
	}
}

// TestVTimezone checks the VTIMEZONE for Asia/Shanghai (one observance, +0800 since 1991) and
// for a zone with a change inside the range, whose onset is written in the old offset.
func TestVTimezone(t *testing.T) {
	load := func(name string) *time.Location {
		l, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	sh, berlin := load("Asia/Shanghai"), load("Europe/Berlin")
	tests := []struct {
		name     string
		loc      *time.Location
		from, to time.Time
		want     []string
	}{
		{"Shanghai", sh, time.Date(2024, 9, 26, 14, 0, 0, 0, sh), time.Date(2024, 12, 21, 12, 30, 0, 0, sh), []string{
			"BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "X-LIC-LOCATION:Asia/Shanghai",
			"BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD",
			"END:VTIMEZONE",
		}},
		{"Berlin across October", berlin, time.Date(2024, 9, 26, 14, 0, 0, 0, berlin), time.Date(2024, 12, 21, 12, 30, 0, 0, berlin), []string{
			"BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "X-LIC-LOCATION:Europe/Berlin",
			"BEGIN:DAYLIGHT", "DTSTART:19700101T000000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0200", "TZNAME:CEST", "END:DAYLIGHT",
			"BEGIN:STANDARD", "DTSTART:20241027T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "END:STANDARD",
			"END:VTIMEZONE",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal := ics.NewCalendar()
			cal.CalendarProperties = nil
			cal.AddVTimezone(vtimezone(tt.loc, tt.from, tt.to))
			lines, err := contentLines(cal)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(lines[1:len(lines)-1], "\n")
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	for _, tt := range []struct {
		sec  int
		want string
	}{{8 * 3600, "+0800"}, {-(3*3600 + 30*60), "-0330"}, {5*3600 + 53*60 + 28, "+055328"}, {0, "+0000"}} {
		if got := utcOffset(tt.sec); got != tt.want {
			t.Errorf("utcOffset(%d) = %s, want %s", tt.sec, got, tt.want)
		}
	}
}
