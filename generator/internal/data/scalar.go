package data

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// Date is a calendar day without a time or zone, as written in the data (2024-09-26).
type Date struct {
	time.Time // midnight UTC of the day
	Pos       Pos
}

var datePattern = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// ParseDate reads a YYYY-MM-DD day and refuses days that do not exist.
func ParseDate(s string) (Date, error) {
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return Date{}, fmt.Errorf("%q is not a date; expected YYYY-MM-DD, e.g. 2024-09-26", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return Date{}, fmt.Errorf("%s is not a real day of the calendar; expected YYYY-MM-DD with a valid month and day", s)
	}
	return Date{Time: t}, nil
}

func (d *Date) decodeScalar(n *yaml.Node) error {
	if tag := n.ShortTag(); tag != "!!str" && tag != "!!timestamp" {
		return fmt.Errorf("expected a date like 2024-09-26, got %s", describe(n))
	}
	parsed, err := ParseDate(n.Value)
	if err != nil {
		return err
	}
	d.Time = parsed.Time
	return nil
}

// AddDays returns the day n days later (earlier when n is negative).
func (d Date) AddDays(n int) Date { return Date{Time: d.Time.AddDate(0, 0, n)} }

// String gives the day as YYYY-MM-DD.
func (d Date) String() string { return d.Time.Format("2006-01-02") }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Time.Before(e.Time) }

// Equal reports whether d and e are the same day.
func (d Date) Equal(e Date) bool { return d.Time.Equal(e.Time) }

// MarshalJSON writes the day as "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// Clock is a time of day in minutes after midnight, written HH:MM.
type Clock struct {
	Minutes int
	Pos     Pos
}

var clockPattern = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d)$`)

func (c *Clock) decodeScalar(n *yaml.Node) error {
	if tag := n.ShortTag(); tag != "!!str" && tag != "!!int" {
		return fmt.Errorf("expected a time of day like \"14:00\", got %s", describe(n))
	}
	m := clockPattern.FindStringSubmatch(n.Value)
	if m == nil {
		return fmt.Errorf("%q is not a time of day; expected HH:MM on the 24-hour clock, e.g. \"14:00\"", n.Value)
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	c.Minutes = h*60 + mi
	return nil
}

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Minutes/60, c.Minutes%60) }

// MarshalJSON writes the time as "HH:MM".
func (c Clock) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// Digits is a number kept as text so that leading zeros survive (phones, accounts, QQ groups).
// Quoted or not in the YAML, the text is taken exactly as written.
type Digits string

func (d *Digits) decodeScalar(n *yaml.Node) error {
	if tag := n.ShortTag(); tag != "!!str" && tag != "!!int" {
		return fmt.Errorf("expected digits, got %s", describe(n))
	}
	*d = Digits(n.Value)
	return nil
}
