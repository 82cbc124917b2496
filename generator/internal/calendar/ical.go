package calendar

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// maxOctets is the longest physical line RFC 5545 §3.1 allows, CRLF not counted.
const maxOctets = 75

// maxBack is how far, in octets, fold looks back from the longest cut for one that is not
// next to a blank.
const maxBack = 16

// contentLines returns cal's unfolded content lines. golang-ical folds on character
// boundaries too, but it prefers to cut next to a space, so that a continuation line starts
// with two blanks (a parser that trims blanks then loses one), and it writes a raw CR found
// in a text value. So it is asked for unfolded lines, which are checked and folded here.
func contentLines(cal *ics.Calendar) ([]string, error) {
	var raw strings.Builder
	raw.Grow(2048)
	if err := cal.SerializeTo(&raw, unfolded()); err != nil {
		return nil, fmt.Errorf("serializing the calendar: %w", err)
	}
	return splitLines(raw.String())
}

// eventLines is contentLines of one event alone, BEGIN:VEVENT to END:VEVENT: what a calendar
// holding only it writes between BEGIN:VCALENDAR and END:VCALENDAR.
func eventLines(v *ics.VEvent) ([]string, error) {
	var raw strings.Builder
	raw.Grow(2048)
	if err := v.SerializeTo(&raw, unfolded()); err != nil {
		return nil, fmt.Errorf("serializing the event: %w", err)
	}
	return splitLines(raw.String())
}

// unfolded is how golang-ical is asked to write: CRLF, and lines never folded (fold does).
func unfolded() *ics.SerializationConfiguration {
	return &ics.SerializationConfiguration{MaxLength: 1 << 30, PropertyMaxLength: 75, NewLine: "\r\n"}
}

// splitLines splits serialized content lines and checks that each holds no line break and
// only valid UTF-8.
func splitLines(raw string) ([]string, error) {
	lines := strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n")
	for _, l := range lines {
		if strings.ContainsAny(l, "\r\n") || !utf8.ValidString(l) {
			return nil, fmt.Errorf("serializing the calendar: content line %q holds a line break or invalid UTF-8", l)
		}
	}
	return lines, nil
}

// fold writes one content line as physical lines of at most 75 octets each, CRLF-terminated,
// continuation lines starting with one space. It cuts only between UTF-8 characters, and,
// where it can within a few characters, not next to a blank, so that no line starts with two
// blanks or ends in one (some parsers trim them).
func fold(out *bytes.Buffer, line string) {
	limit := maxOctets
	for len(line) > limit {
		cut := limit
		for !utf8.RuneStart(line[cut]) {
			cut--
		}
		for c := cut; c > cut-maxBack && c > 0; {
			if !isBlank(line[c]) && !isBlank(line[c-1]) {
				cut = c
				break
			}
			_, size := utf8.DecodeLastRuneInString(line[:c])
			c -= size
		}
		out.WriteString(line[:cut])
		out.WriteString("\r\n ")
		line = line[cut:]
		limit = maxOctets - 1
	}
	out.WriteString(line)
	out.WriteString("\r\n")
}

// isBlank reports whether b is a space or tab (never a byte inside a multi-byte character).
func isBlank(b byte) bool { return b == ' ' || b == '\t' }

// cleanText makes s representable as an iCalendar TEXT value that parses back to itself:
// invalid UTF-8 becomes U+FFFD, CRLF and lone CR become LF (written as \n), and the other
// control characters, which TEXT does not allow, are dropped (tab is kept).
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

const (
	dateFormat      = "20060102"
	localTimeFormat = "20060102T150405"
	utcTimeFormat   = "20060102T150405Z"
)

// vtimezone describes loc for the instants from..to: the observance in force at from, and
// one observance for every offset change up to to, each with its own DTSTART, so that
// clients that do not know the TZID (Outlook) place every event right.
func vtimezone(loc *time.Location, from, to time.Time) *ics.VTimezone {
	return vtimezoneOf(loc, observances(loc, from, to))
}

// observance is one STANDARD or DAYLIGHT of a VTIMEZONE.
type observance struct {
	dst      bool
	start    string // DTSTART, local time
	from, to int    // TZOFFSETFROM and TZOFFSETTO, seconds east of UTC
	name     string // TZNAME
}

// observances are vtimezone's observances of loc for the instants from..to.
func observances(loc *time.Location, from, to time.Time) []observance {
	t := from.In(loc)
	name, off := t.Zone()
	obs := []observance{{t.IsDST(), "19700101T000000", off, off, name}}
	for {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(to) {
			return obs
		}
		prev := off
		t = end.In(loc)
		name, off = t.Zone()
		// DTSTART of an observance is the local time of the change, read in the old offset.
		onset := end.In(time.FixedZone("", prev)).Format(localTimeFormat)
		obs = append(obs, observance{t.IsDST(), onset, prev, off, name})
	}
}

// vtimezoneOf is the VTIMEZONE of loc with the observances obs.
func vtimezoneOf(loc *time.Location, obs []observance) *ics.VTimezone {
	tz := ics.NewTimezone(loc.String())
	tz.AddProperty(ics.ComponentProperty("X-LIC-LOCATION"), loc.String())
	for _, o := range obs {
		var c ics.ComponentBase
		c.AddProperty(ics.ComponentPropertyDtStart, o.start)
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(o.from))
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(o.to))
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), o.name)
		if o.dst {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: c})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: c})
		}
	}
	return tz
}

// utcOffset writes seconds east of UTC as RFC 5545 §3.3.14 UTC-OFFSET: +0800, -0330, +053328.
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
