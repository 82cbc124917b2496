package provenance

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// kind is what a value is: the check compares dates with dates, times with times, and so on.
type kind int

const (
	kindDate   kind = iota // 2024-09-26, 9月26日, 09月14日
	kindTime               // 14:00, 14:00-15:00 (two values, start and end)
	kindFee                // 280 元
	kindNumber             // a phone, QQ group or account number: 5 digits or more, 025-83152910
)

// token is one value found in a text or a data scalar.
type token struct {
	kind  kind
	raw   string // as written: 9月26日, 14:00, 280 元, 025-83152910
	value string // as compared: 2024-09-26, 14:00, 280, 02583152910
	role  string // a time of a range: "start" or "end"; a fee: the level written before it
}

// tokenPattern finds the values the check compares. Alternatives, leftmost first: a
// Chinese date (year optional), an ISO date, a time or a range of times, a fee in 元 with
// an optional level before it, a landline, a run of 5 digits or more.
var tokenPattern = regexp.MustCompile(`(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日` +
	`|(\d{4})-(\d{2})-(\d{2})` +
	`|(\d{1,2})[:：](\d{2})(?:\s*[-－–—~～至]\s*(\d{1,2})[:：](\d{2}))?` +
	`|(?:(初级|中级|高级)\s*)?(\d+)\s*元` +
	`|(0\d{2,3})-(\d{7,8})` +
	`|(\d{5,})`)

// scan returns the values of s in order. A date without a year is read in year.
func scan(s string, year int) []token {
	var out []token
	for _, m := range tokenPattern.FindAllStringSubmatchIndex(s, -1) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		raw := s[m[0]:m[1]]
		switch {
		case g(2) != "":
			y := year
			if g(1) != "" {
				y, _ = strconv.Atoi(g(1))
			}
			out = append(out, token{kind: kindDate, raw: raw, value: isoDate(y, g(2), g(3), raw)})
		case g(4) != "":
			out = append(out, token{kind: kindDate, raw: raw, value: isoDate(atoi(g(4)), g(5), g(6), raw)})
		case g(7) != "" && g(9) != "":
			start, end := g(7)+":"+g(8), g(9)+":"+g(10)
			out = append(out,
				token{kind: kindTime, raw: start, value: clock(start), role: "start"},
				token{kind: kindTime, raw: end, value: clock(end), role: "end"})
		case g(7) != "":
			out = append(out, token{kind: kindTime, raw: raw, value: clock(raw)})
		case g(12) != "":
			out = append(out, token{kind: kindFee, raw: g(12) + " 元", value: number(g(12)), role: g(11)})
		case g(13) != "":
			out = append(out, token{kind: kindNumber, raw: raw, value: g(13) + g(14)})
		default:
			out = append(out, token{kind: kindNumber, raw: raw, value: raw})
		}
	}
	return out
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// isoDate gives year-month-day as YYYY-MM-DD, or raw when that day does not exist.
func isoDate(year int, month, day, raw string) string {
	mo, d := atoi(month), atoi(day)
	t := time.Date(year, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != year || int(t.Month()) != mo || t.Day() != d {
		return raw
	}
	return t.Format("2006-01-02")
}

var clockPattern = regexp.MustCompile(`^(\d{1,2})[:：](\d{2})$`)

// clock gives a time of day as HH:MM (8:30 → 08:30), or s itself when it is none.
func clock(s string) string {
	m := clockPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || atoi(m[1]) > 23 || atoi(m[2]) > 59 {
		return s
	}
	return fmt.Sprintf("%02d:%s", atoi(m[1]), m[2])
}

// number gives a count of yuan without leading zeros, or s itself when it is none.
func number(s string) string {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		return strconv.FormatUint(n, 10)
	}
	return s
}

// digits gives a phone, group or account number as compared: its digits, without the
// hyphen or spaces of 025-83152910.
func digits(s string) string {
	return strings.NewReplacer("-", "", " ", "", "－", "").Replace(strings.TrimSpace(s))
}

// normalize gives the value of a data scalar of kind k as compared.
func normalize(k kind, s string) string {
	switch k {
	case kindDate:
		if m := isoPattern.FindStringSubmatch(s); m != nil {
			return isoDate(atoi(m[1]), m[2], m[3], s)
		}
		return s
	case kindTime:
		return clock(s)
	case kindFee:
		return number(s)
	}
	return digits(s)
}

var isoPattern = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

var (
	mobilePattern   = regexp.MustCompile(`^1\d{10}$`)
	landlinePattern = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}$`)
)

// phoneShaped reports whether a number is written like a mainland phone number.
func phoneShaped(raw string) bool {
	return mobilePattern.MatchString(raw) || landlinePattern.MatchString(raw)
}
