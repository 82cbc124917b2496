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
	if err := cal.SerializeTo(&raw, ics.WithNewLineWindows, ics.WithLineLength(1<<30)); err != nil {
		return nil, fmt.Errorf("serializing the calendar: %w", err)
	}
	lines := strings.Split(strings.TrimSuffix(raw.String(), "\r\n"), "\r\n")
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
	tz := ics.NewTimezone(loc.String())
	tz.AddProperty(ics.ComponentProperty("X-LIC-LOCATION"), loc.String())
	t := from.In(loc)
	name, off := t.Zone()
	addObservance(tz, t.IsDST(), "19700101T000000", off, off, name)
	for {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(to) {
			return tz
		}
		prev := off
		t = end.In(loc)
		name, off = t.Zone()
		// DTSTART of an observance is the local time of the change, read in the old offset.
		onset := end.In(time.FixedZone("", prev)).Format(localTimeFormat)
		addObservance(tz, t.IsDST(), onset, prev, off, name)
	}
}

func addObservance(tz *ics.VTimezone, dst bool, start string, from, to int, name string) {
	var c ics.ComponentBase
	c.AddProperty(ics.ComponentPropertyDtStart, start)
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(from))
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(to))
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	if dst {
		tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: c})
	} else {
		tz.Components = append(tz.Components, &ics.Standard{ComponentBase: c})
	}
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
