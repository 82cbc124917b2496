// Package timeline derives every dated milestone of every round from a checked notice: the
// process steps' anchors and offsets, the fee rule's working days and the exam sessions.
// Dates are computed here once; templates and calendars only render them.
package timeline

import (
	"fmt"
	"sort"
	"time"

	"examnotice/generator/internal/data"
)

// Kind says how a milestone sits in time.
type Kind string

// The kinds of milestone.
const (
	Day     Kind = "day"     // one whole day (a deadline)
	Span    Kind = "span"    // several whole days (成绩公示)
	Session Kind = "session" // an exam sitting with a start and end time
)

// Role names the milestones that pages show on their own, beside the others.
type Role string

// The roles; most milestones have none.
const (
	Registration Role = "registration" // the table's 报名截止 (the step with explicit: registration_deadline)
	FeePayment   Role = "fee-payment"  // 缴费截止, from the fee rule of fees.yaml
)

// Milestone is one dated event of a round.
type Milestone struct {
	ID        string    `json:"id"` // stable within its round: step id, or step-day-subject for sessions
	Role      Role      `json:"role,omitempty"`
	Step      string    `json:"step"`  // the process step or rule it comes from
	Label     string    `json:"label"` // 报名截止, 理论考试 ...
	Kind      Kind      `json:"kind"`
	Date      data.Date `json:"date"`     // the (first) day
	EndDate   data.Date `json:"end_date"` // the last day, inclusive
	Start     time.Time `json:"start"`    // sessions: start instant; otherwise midnight of Date
	End       time.Time `json:"end"`      // sessions: end instant; otherwise midnight after EndDate
	Subject   string    `json:"subject,omitempty"`
	Levels    []string  `json:"levels,omitempty"`
	Rule      string    `json:"rule"`    // how the date was found
	Wording   string    `json:"wording"` // the notice's own words
	Explicit  bool      `json:"explicit"`
	Estimated bool      `json:"estimated"`
	Cancelled bool      `json:"cancelled"`
	DateText  string    `json:"date_text"`
	TimeText  string    `json:"time_text,omitempty"`
}

// Round is a round of the notice with its derived milestones, in time order.
type Round struct {
	data.Round
	FirstDay   data.Date   `json:"first_day"`
	LastDay    data.Date   `json:"last_day"`
	Milestones []Milestone `json:"milestones"`
}

// Milestone returns the round's milestone with the given id.
func (r Round) Milestone(id string) (Milestone, bool) {
	for _, m := range r.Milestones {
		if m.ID == id {
			return m, true
		}
	}
	return Milestone{}, false
}

// FeeStep is the step id of the payment deadline, which comes from fees.yaml.
const feeStep = "fee-payment"

// Derive computes the milestones of every round. n must have passed data.Check. The
// warnings say where an explicit date of the table differs from the process rule.
func Derive(n *data.Notice) ([]Round, data.Problems, error) {
	zone, err := time.LoadLocation(n.Meta.TimeZone)
	if err != nil {
		return nil, nil, fmt.Errorf("loading time zone %s: %w", n.Meta.TimeZone, err)
	}
	d := deriver{n: n, zone: zone, cal: data.NewWorkingDays(n.Workdays)}
	rounds := make([]Round, 0, len(n.Rounds))
	for _, r := range n.Rounds {
		tr, err := d.round(r)
		if err != nil {
			return nil, nil, err
		}
		rounds = append(rounds, tr)
	}
	return rounds, d.warnings, nil
}

// Notice is a checked notice with the derived timeline of its rounds.
type Notice struct {
	*data.Notice
	Rounds []Round // shadows Notice.Rounds: the rounds with their milestones
}

// LastDay is the notice's latest exam day.
func (n Notice) LastDay() data.Date {
	var last data.Date
	for _, r := range n.Rounds {
		if r.LastDay.After(last.Time) {
			last = r.LastDay
		}
	}
	return last
}

// DeriveAll derives every notice of a checked library. The notices come newest first: by
// their latest exam day, then by id, so that the order never depends on anything but the data.
func DeriveAll(l *data.Library) ([]Notice, data.Problems, error) {
	out := make([]Notice, 0, len(l.Notices))
	var warnings data.Problems
	for _, n := range l.Notices {
		rounds, w, err := Derive(n)
		if err != nil {
			return nil, nil, fmt.Errorf("notice %s: %w", n.Meta.ID, err)
		}
		out = append(out, Notice{Notice: n, Rounds: rounds})
		warnings = append(warnings, w...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].LastDay(), out[j].LastDay()
		if !a.Equal(b) {
			return a.After(b.Time)
		}
		return out[i].Meta.ID > out[j].Meta.ID
	})
	return out, warnings, nil
}

type deriver struct {
	n        *data.Notice
	zone     *time.Location
	cal      data.WorkingDays
	warnings data.Problems
}

func (d *deriver) round(r data.Round) (Round, error) {
	out := Round{Round: r, FirstDay: r.Days[0].Date, LastDay: r.Days[len(r.Days)-1].Date}
	ends := map[string]data.Date{} // step id → last day, for end-of: anchors
	for _, s := range d.n.Process {
		if s.Anchor == data.AnchorSessions {
			out.Milestones = append(out.Milestones, d.sessions(r, s)...)
			ends[s.ID] = out.LastDay
			continue
		}
		anchor, anchorText := d.anchor(out, s.Anchor, ends)
		m := Milestone{
			ID: s.ID, Step: s.ID, Label: s.Milestone, Kind: Day,
			Date:      anchor.AddDays(s.OffsetDays),
			Wording:   s.Time + "：" + s.Wording,
			Estimated: s.Estimated,
			Cancelled: r.Cancelled(),
		}
		m.Rule = offsetRule(anchorText, s.OffsetDays)
		if s.SpanDays > 0 {
			m.Kind = Span
			m.EndDate = m.Date.AddDays(s.SpanDays - 1)
			m.Rule += fmt.Sprintf("，持续 %d 日", s.SpanDays)
		} else {
			m.EndDate = m.Date
		}
		if s.Estimated {
			m.Rule += "（通知原文为“" + s.Time + "”，此处为推算的预计日期）"
		}
		if s.Explicit == data.ExplicitRegistration {
			m.Role = Registration
			byRule := m.Date
			m.Date, m.EndDate, m.Explicit = r.RegistrationDeadline, r.RegistrationDeadline, true
			m.Rule = "通知考试安排表所列报名截止时间"
			if !byRule.Equal(m.Date) {
				m.Rule += fmt.Sprintf("（流程表“%s”推算为 %s，以安排表为准）", s.Time, d.dateText(byRule))
				d.warnings = append(d.warnings, data.Problem{
					Pos: r.RegistrationDeadline.Pos,
					Msg: fmt.Sprintf("%s: the table's %s %s differs from the process step %q (%s %+d days = %s); the table's date is used",
						r.Name, s.Milestone, r.RegistrationDeadline, s.Time, anchor, s.OffsetDays, byRule),
				})
			}
		}
		ends[s.ID] = m.EndDate
		out.Milestones = append(out.Milestones, d.finish(m))
	}
	fee, err := d.fee(out)
	if err != nil {
		return Round{}, err
	}
	out.Milestones = append(out.Milestones, fee)
	sort.SliceStable(out.Milestones, func(i, j int) bool {
		return out.Milestones[i].Start.Before(out.Milestones[j].Start)
	})
	return out, nil
}

// FeeRule says in words how the fee deadline of every round of n is found, without a date:
// 首个考试日前第 7 个工作日.
func FeeRule(n *data.Notice) string {
	rule := n.Fees.Deadline
	return fmt.Sprintf("%s前第 %d 个工作日", anchorName(n, rule.Anchor), rule.WorkingDaysBefore)
}

// anchorName names an anchor in words: 首个考试日, 最后一个考试日, 成绩公示结束日.
func anchorName(n *data.Notice, anchor string) string {
	switch anchor {
	case data.AnchorFirstDay:
		return "首个考试日"
	case data.AnchorLastDay:
		return "最后一个考试日"
	}
	ref, _ := data.EndOfStep(anchor)
	for _, s := range n.Process {
		if s.ID == ref {
			return s.Milestone + "结束日"
		}
	}
	return ref + "结束日"
}

// anchor resolves a step's anchor to a day and describes it for the rule text.
func (d *deriver) anchor(r Round, anchor string, ends map[string]data.Date) (data.Date, string) {
	switch {
	case anchor == data.AnchorFirstDay:
		return r.FirstDay, anchorName(d.n, anchor) + " " + d.dateText(r.FirstDay)
	case anchor == data.AnchorLastDay:
		return r.LastDay, anchorName(d.n, anchor) + " " + d.dateText(r.LastDay)
	}
	ref, _ := data.EndOfStep(anchor)
	return ends[ref], anchorName(d.n, anchor) + " " + d.dateText(ends[ref])
}

func offsetRule(anchorText string, offset int) string {
	switch {
	case offset < 0:
		return fmt.Sprintf("%s 前 %d 日", anchorText, -offset)
	case offset > 0:
		return fmt.Sprintf("%s 后 %d 日", anchorText, offset)
	}
	return anchorText + " 当日"
}

func (d *deriver) sessions(r data.Round, step data.Step) []Milestone {
	var out []Milestone
	for i, day := range r.Days {
		for _, s := range day.Sessions {
			name := s.Subject
			for _, subj := range d.n.Meta.Exam.Subjects {
				if subj.ID == s.Subject {
					name = subj.Name
				}
			}
			m := Milestone{
				ID: fmt.Sprintf("%s-%d-%s", step.ID, i+1, s.Subject), Step: step.ID,
				Label: name, Kind: Session,
				Date: day.Date, EndDate: day.Date,
				Start:     d.at(day.Date, s.Start),
				End:       d.at(day.Date, s.End),
				Subject:   name,
				Levels:    s.Levels,
				Rule:      "通知考试安排表",
				Wording:   step.Wording,
				Explicit:  true,
				Cancelled: r.Cancelled() || s.Status == data.StatusCancelled,
			}
			m.TimeText = s.Start.String() + "–" + s.End.String()
			m.DateText = d.dateText(day.Date)
			out = append(out, m)
		}
	}
	return out
}

func (d *deriver) fee(r Round) (Milestone, error) {
	rule := d.n.Fees.Deadline
	anchor, anchorText := d.anchor(r, rule.Anchor, nil)
	day, err := d.cal.WorkdaysBefore(anchor, rule.WorkingDaysBefore)
	if err != nil {
		return Milestone{}, fmt.Errorf("%s %s: %w", r.Name, rule.Milestone, err)
	}
	year := ""
	for _, y := range d.n.Workdays {
		if y.Year == day.Year() {
			year = y.Source
		}
	}
	m := Milestone{
		ID: feeStep, Step: feeStep, Role: FeePayment, Label: rule.Milestone, Kind: Day,
		Date: day, EndDate: day,
		Rule:      fmt.Sprintf("%s 前第 %d 个工作日；节假日与调休依据%s", anchorText, rule.WorkingDaysBefore, year),
		Wording:   rule.Wording + "：" + d.n.Fees.Payment,
		Cancelled: r.Cancelled(),
	}
	return d.finish(m), nil
}

// finish fills the whole-day instants and the display text of a day or span milestone.
func (d *deriver) finish(m Milestone) Milestone {
	m.Start = d.at(m.Date, data.Clock{})
	m.End = d.at(m.EndDate.AddDays(1), data.Clock{})
	m.DateText = d.dateText(m.Date)
	if m.Kind == Span {
		m.DateText += " 至 " + d.dateText(m.EndDate)
	}
	return m
}

func (d *deriver) at(day data.Date, c data.Clock) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), c.Minutes/60, c.Minutes%60, 0, 0, d.zone)
}

func (d *deriver) dateText(day data.Date) string { return DateText(day, d.n.Meta.Year) }

// DateText writes a day the way the notice does (9月26日（周四）), with the year when it is
// not the notice's year.
func DateText(day data.Date, noticeYear int) string {
	s := fmt.Sprintf("%d月%d日（%s）", int(day.Month()), day.Day(), data.WeekdayLabel(day))
	if day.Year() != noticeYear {
		s = fmt.Sprintf("%d年", day.Year()) + s
	}
	return s
}
