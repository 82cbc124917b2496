package data

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Weekday labels as the notice writes them, indexed by time.Weekday.
var weekdayLabels = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// WeekdayLabel gives the notice's label for the day of week of d (周四).
func WeekdayLabel(d Date) string { return weekdayLabels[d.Weekday()] }

var (
	idPattern       = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	mobilePattern   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landlinePattern = regexp.MustCompile(`^0\d{2,3}-\d{7,8}$`)
	groupPattern    = regexp.MustCompile(`^[1-9]\d{4,10}$`)
	accountPattern  = regexp.MustCompile(`^\d{8,30}$`)
)

// RoundID is the id a round gets by the scheme of the data (docs/数据维护.md, "Add a round"): the
// notice's id and the round's number, 2024h2-3 for 第三次统考 of notice 2024h2. The id is a
// permanent URL and UID once published, whatever later happens to the number.
func RoundID(notice string, number int) string { return fmt.Sprintf("%s-%d", notice, number) }

// qqJoinHost is the only host whose links are accepted as a group's official join link.
const qqJoinHost = "qm.qq.com"

// checker collects the problems of one Notice.
type checker struct {
	n    *Notice
	errs Problems
}

// Check applies every rule between the values of a loaded notice. The error, if any, is
// Problems, in file order.
func Check(n *Notice) error {
	c := &checker{n: n}
	c.meta()
	c.rounds()
	c.process()
	c.fees()
	c.groups()
	c.contacts()
	c.workdays()
	if len(c.errs) > 0 {
		return c.errs.Sorted()
	}
	return nil
}

func (c *checker) add(pos Pos, format string, args ...any) { c.errs.add(pos, format, args...) }

// unique reports the second and later uses of a key, pointing back at the first.
type unique map[string]Pos

func (u unique) see(c *checker, key string, pos Pos, what string) bool {
	if first, dup := u[key]; dup {
		c.add(pos, "duplicate %s %q (first on line %d); each must be unique", what, key, first.Line)
		return false
	}
	u[key] = pos
	return true
}

func (c *checker) meta() {
	m := c.n.Meta
	if !idPattern.MatchString(m.ID) {
		c.add(m.Keys.Of("id"), "notice id %q is not usable in URLs; expected lower-case letters, digits and hyphens, e.g. 2024h2", m.ID)
	}
	if _, err := time.LoadLocation(m.TimeZone); err != nil {
		c.add(m.Keys.Of("time_zone"), "unknown time zone %q; expected an IANA name such as Asia/Shanghai", m.TimeZone)
	}
	if m.Year < 2000 || m.Year > 2100 {
		c.add(m.Keys.Of("year"), "year %d is out of range; expected the notice's year, e.g. 2024", m.Year)
	}
	certs := unique{}
	for _, cert := range m.Certificates {
		certs.see(c, cert.ID, cert.Keys.Of("id"), "certificate id")
	}
	levels := unique{}
	for i, l := range m.Levels {
		levels.see(c, l, m.Keys.Of("levels"), fmt.Sprintf("level (item %d)", i+1))
	}
	subjects := unique{}
	for _, s := range m.Exam.Subjects {
		subjects.see(c, s.ID, s.Keys.Of("id"), "subject id")
		if s.Minutes <= 0 {
			c.add(s.Keys.Of("minutes"), "a subject lasts %d minutes; expected a positive number of minutes", s.Minutes)
		}
		if s.PassMark <= 0 || s.PassMark > s.FullMarks {
			c.add(s.Keys.Of("pass_mark"), "pass mark %d is not between 1 and the full marks %d", s.PassMark, s.FullMarks)
		}
	}
}

func (c *checker) subject(id string) (Subject, bool) {
	for _, s := range c.n.Meta.Exam.Subjects {
		if s.ID == id {
			return s, true
		}
	}
	return Subject{}, false
}

func validStatus(s string) bool { return s == "" || s == "scheduled" || s == StatusCancelled }

func (c *checker) rounds() {
	if len(c.n.Rounds) == 0 {
		c.add(c.n.fileStart("rounds.yaml"), "no rounds; expected at least one round under rounds:")
	}
	ids, numbers := unique{}, unique{}
	var prev *Round
	for i := range c.n.Rounds {
		r := &c.n.Rounds[i]
		if !idPattern.MatchString(r.ID) || !strings.HasPrefix(r.ID, c.n.Meta.ID+"-") {
			c.add(r.Keys.Of("id"), "round id %q must start with the notice id and a hyphen and use only a-z, 0-9 and -; expected e.g. %s", r.ID, RoundID(c.n.Meta.ID, r.Number))
		}
		ids.see(c, r.ID, r.Keys.Of("id"), "round id")
		numbers.see(c, fmt.Sprint(r.Number), r.Keys.Of("number"), "round number")
		if !validStatus(r.Status) {
			c.add(r.Keys.Of("status"), "unknown status %q; expected scheduled or cancelled", r.Status)
		}
		if len(r.Days) == 0 {
			c.add(r.Keys.Of("days"), "round %s has no exam day; expected at least one day with sessions", r.Name)
			continue
		}
		c.days(r)
		first := r.Days[0].Date
		if !r.RegistrationDeadline.Before(first) {
			c.add(r.Keys.Of("registration_deadline"), "registration deadline %s is not before the first exam day %s; expected an earlier date", r.RegistrationDeadline, first)
		}
		if prev != nil && len(prev.Days) > 0 {
			last := prev.Days[len(prev.Days)-1].Date
			if !last.Before(first) {
				c.add(r.Days[0].Keys.Of("date"), "%s starts on %s, not after %s ends on %s; expected rounds in date order", r.Name, first, prev.Name, last)
			}
			if r.Number <= prev.Number {
				c.add(r.Keys.Of("number"), "round number %d does not follow %d; expected rounds in order", r.Number, prev.Number)
			}
		}
		prev = r
	}
}

func (c *checker) days(r *Round) {
	levels := c.n.Meta.Levels
	for j, d := range r.Days {
		if want := WeekdayLabel(d.Date); d.Weekday != want {
			c.add(d.Keys.Of("weekday"), "weekday label %s does not match %s, which is a %s; expected %s", d.Weekday, d.Date, d.Date.Weekday(), want)
		}
		if j > 0 && !r.Days[j-1].Date.Before(d.Date) {
			c.add(d.Keys.Of("date"), "exam day %s is not after the day before it (%s); expected days in date order", d.Date, r.Days[j-1].Date)
		}
		if len(d.Sessions) == 0 {
			c.add(d.Keys.Of("sessions"), "exam day %s has no sessions; expected at least one", d.Date)
		}
		for k, s := range d.Sessions {
			if !validStatus(s.Status) {
				c.add(s.Keys.Of("status"), "unknown status %q; expected scheduled or cancelled", s.Status)
			}
			subj, ok := c.subject(s.Subject)
			if !ok {
				c.add(s.Keys.Of("subject"), "unknown subject %q; expected one of the subject ids in notice.yaml", s.Subject)
			}
			length := s.End.Minutes - s.Start.Minutes
			switch {
			case length <= 0:
				c.add(s.Keys.Of("end"), "session ends at %s, not after its start %s; expected an end after the start", s.End, s.Start)
			case ok && length != subj.Minutes:
				c.add(s.Keys.Of("end"), "%s session %s–%s lasts %d minutes; the notice gives %s %d minutes", subj.Name, s.Start, s.End, length, subj.Name, subj.Minutes)
			}
			if k > 0 && s.Start.Minutes < d.Sessions[k-1].End.Minutes {
				c.add(s.Keys.Of("start"), "session starts at %s, before the previous one ends at %s; expected sessions in time order, not overlapping", s.Start, d.Sessions[k-1].End)
			}
			if len(s.Levels) == 0 {
				c.add(s.Keys.Of("levels"), "session has no level; expected some of %s", strings.Join(levels, ", "))
			}
			seen := unique{}
			for _, l := range s.Levels {
				if !slices.Contains(levels, l) {
					c.add(s.Keys.Of("levels"), "unknown level %q; expected one of %s", l, strings.Join(levels, ", "))
				}
				seen.see(c, l, s.Keys.Of("levels"), "level")
			}
		}
	}
}

func (c *checker) process() {
	ids := unique{}
	spans := map[string]bool{}
	for _, s := range c.n.Process {
		if !idPattern.MatchString(s.ID) {
			c.add(s.Keys.Of("id"), "step id %q is not usable in URLs; expected lower-case letters, digits and hyphens", s.ID)
		}
		ids.see(c, s.ID, s.Keys.Of("id"), "step id")
		switch {
		case s.Anchor == AnchorFirstDay, s.Anchor == AnchorLastDay, s.Anchor == AnchorSessions:
		case strings.HasPrefix(s.Anchor, anchorEndOf):
			if ref := strings.TrimPrefix(s.Anchor, anchorEndOf); !spans[ref] {
				c.add(s.Keys.Of("anchor"), "anchor %q names no earlier step with span_days; expected end-of:<id of an earlier step that lasts several days>", s.Anchor)
			}
		default:
			c.add(s.Keys.Of("anchor"), "unknown anchor %q; expected %s, %s, %s or end-of:<step id>", s.Anchor, AnchorFirstDay, AnchorLastDay, AnchorSessions)
		}
		if s.SpanDays < 0 {
			c.add(s.Keys.Of("span_days"), "span of %d days; expected a positive number of days", s.SpanDays)
		}
		if s.SpanDays > 0 {
			spans[s.ID] = true
		}
		if s.Explicit != "" && s.Explicit != ExplicitRegistration {
			c.add(s.Keys.Of("explicit"), "unknown round field %q; expected %s", s.Explicit, ExplicitRegistration)
		}
	}
}

func (c *checker) fees() {
	f := c.n.Fees
	levels := unique{}
	for _, fee := range f.Levels {
		if !slices.Contains(c.n.Meta.Levels, fee.Level) {
			c.add(fee.Keys.Of("level"), "unknown level %q; expected one of %s", fee.Level, strings.Join(c.n.Meta.Levels, ", "))
		}
		levels.see(c, fee.Level, fee.Keys.Of("level"), "fee level")
		if fee.Yuan <= 0 {
			c.add(fee.Keys.Of("yuan"), "fee of %d yuan; expected a positive amount", fee.Yuan)
		}
	}
	for _, l := range c.n.Meta.Levels {
		if _, ok := levels[l]; !ok {
			c.add(c.n.fileStart("fees.yaml"), "no fee for level %s; expected one entry per level of notice.yaml", l)
		}
	}
	d := f.Deadline
	if d.Anchor != AnchorFirstDay && d.Anchor != AnchorLastDay {
		c.add(d.Keys.Of("anchor"), "unknown anchor %q; expected %s or %s", d.Anchor, AnchorFirstDay, AnchorLastDay)
	}
	if d.WorkingDaysBefore <= 0 {
		c.add(d.Keys.Of("working_days_before"), "%d working days; expected a positive number", d.WorkingDaysBefore)
	}
	if !accountPattern.MatchString(string(f.Account.Number)) {
		c.add(f.Account.Keys.Of("number"), "account number %q; expected 8 to 30 digits", f.Account.Number)
	}
}

func (c *checker) groups() {
	rounds := map[string]bool{}
	for _, r := range c.n.Rounds {
		rounds[r.ID] = true
	}
	perRound := unique{}
	numbers := unique{}
	for _, g := range c.n.Groups.Groups {
		if !rounds[g.Round] {
			c.add(g.Keys.Of("round"), "unknown round %q; expected a round id of rounds.yaml", g.Round)
		}
		perRound.see(c, g.Round, g.Keys.Of("round"), "group for round")
		numbers.see(c, string(g.Number), g.Keys.Of("number"), "group number")
		if !groupPattern.MatchString(string(g.Number)) {
			c.add(g.Keys.Of("number"), "group number %q; expected a QQ group number of 5 to 11 digits, not starting with 0", g.Number)
		}
		if g.JoinURL != "" {
			if msg := checkJoinURL(g.JoinURL); msg != "" {
				c.add(g.Keys.Of("join_url"), "%s; expected the group's official join link, https://%s/...", msg, qqJoinHost)
			}
		}
	}
	for _, r := range c.n.Rounds {
		if _, ok := perRound[r.ID]; !ok {
			c.add(c.n.fileStart("groups.yaml"), "round %s (%s) has no QQ group; expected one group per round", r.ID, r.Name)
		}
	}
}

// maxJoinURL bounds a join link. QQ's are under 200 characters; a longer text would make a
// QR code too dense to scan from paper, and the build would fail on it without a line number.
const maxJoinURL = 300

// checkJoinURL says what is wrong with a QQ join link, or "" when it is acceptable: an https
// link on QQ's join host with a path, in printable ASCII (the admin tool percent-encodes the
// rest), so that a pasted full-width space or invisible character cannot reach a QR code.
func checkJoinURL(raw string) string {
	for _, r := range raw {
		switch {
		case unicode.IsSpace(r):
			return fmt.Sprintf("join link %q contains white space", raw)
		case r < '!' || r > '~':
			return fmt.Sprintf("join link %q contains %q (U+%04X); expected printable ASCII only", raw, r, r)
		}
	}
	if len(raw) > maxJoinURL {
		return fmt.Sprintf("join link of %d characters is longer than %d", len(raw), maxJoinURL)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Sprintf("join link %q is not a URL", raw)
	case u.Scheme != "https":
		return fmt.Sprintf("join link %q is not https", raw)
	case u.Host != qqJoinHost:
		return fmt.Sprintf("join link %q is on host %q, not QQ's join host", raw, u.Host)
	case u.User != nil:
		return fmt.Sprintf("join link %q carries a user name", raw)
	case u.Path == "" || u.Path == "/":
		return fmt.Sprintf("join link %q has no group path", raw)
	}
	return ""
}

func (c *checker) contacts() {
	codes := map[string]string{}
	provinces, names := unique{}, unique{}
	for _, p := range c.n.Provinces {
		provinces.see(c, p.Code, p.Keys.Of("code"), "province code")
		names.see(c, p.Name, p.Keys.Of("name"), "province name")
		codes[p.Code] = p.Name
	}
	if len(c.n.Provinces) != 31 {
		c.add(c.n.fileStart("provinces.yaml"), "%d provinces listed; expected the 31 mainland provincial-level divisions", len(c.n.Provinces))
	}
	covered := unique{}
	phones := unique{}
	for _, ct := range c.n.Contacts.Regional {
		if len(ct.Provinces) == 0 {
			c.add(ct.Keys.Of("provinces"), "%s covers no province; expected at least one abbreviation of provinces.yaml", ct.Name)
		}
		for _, code := range ct.Provinces {
			if _, ok := codes[code]; !ok {
				c.add(ct.Keys.Of("provinces"), "unknown province %q; expected a one-character abbreviation of provinces.yaml, e.g. 苏", code)
				continue
			}
			if first, dup := covered[code]; dup {
				c.add(ct.Keys.Of("provinces"), "province %s (%s) is covered twice (also on line %d); expected each province once", code, codes[code], first.Line)
				continue
			}
			covered[code] = ct.Keys.Of("provinces")
		}
		c.phone(ct.Phone, ct.Keys.Of("phone"))
		phones.see(c, string(ct.Phone), ct.Keys.Of("phone"), "contact phone")
	}
	{
		at := c.n.fileStart("contacts.yaml")
		if len(c.n.Contacts.Regional) > 0 {
			at = c.n.Contacts.Regional[0].Keys.At
			at.Line, at.Col = at.Line-1, 0 // the regional: key
		}
		for _, p := range c.n.Provinces {
			if _, ok := covered[p.Code]; !ok {
				c.add(at, "province %s (%s) is covered by no regional contact; expected each of the 31 provinces exactly once", p.Code, p.Name)
			}
		}
	}
	for _, o := range c.n.Contacts.Office {
		c.phone(o.Phone, o.Keys.Of("phone"))
	}
}

func (c *checker) phone(p Digits, pos Pos) {
	if !mobilePattern.MatchString(string(p)) && !landlinePattern.MatchString(string(p)) {
		c.add(pos, "phone %q is not a mainland number; expected a mobile like 13812345678 or a landline like 025-83152910", p)
	}
}

func (c *checker) workdays() {
	years := unique{}
	for _, y := range c.n.Workdays {
		years.see(c, fmt.Sprint(y.Year), y.Keys.Of("year"), "year")
		for _, h := range y.Holidays {
			if h.To.Before(h.From) {
				c.add(h.Keys.Of("to"), "holiday %s ends on %s, before it starts on %s; expected from ≤ to", h.Name, h.To, h.From)
			}
			if h.From.Year() != y.Year || h.To.Year() != y.Year {
				c.add(h.Keys.Of("from"), "holiday %s is not within %d; expected dates of that year", h.Name, y.Year)
			}
		}
		for _, d := range y.Workdays {
			if d.Year() != y.Year {
				c.add(d.Pos, "make-up working day %s is not in %d; expected a date of that year", d, y.Year)
			}
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				c.add(d.Pos, "make-up working day %s is a %s; expected a Saturday or Sunday (调休上班)", d, wd)
			}
		}
	}
	// Every date the fee rule walks through must be covered.
	cal := NewWorkingDays(c.n.Workdays)
	dl := c.n.Fees.Deadline
	if dl.WorkingDaysBefore <= 0 {
		return
	}
	for _, r := range c.n.Rounds {
		if len(r.Days) == 0 {
			continue
		}
		anchor := r.Days[0].Date
		if dl.Anchor == AnchorLastDay {
			anchor = r.Days[len(r.Days)-1].Date
		}
		if _, err := cal.WorkdaysBefore(anchor, dl.WorkingDaysBefore); err != nil {
			c.add(r.Days[0].Keys.Of("date"), "%s %s: %v", r.Name, dl.Milestone, err)
		}
	}
}
