package noticetext

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"examnotice/generator/internal/data"
)

// The schedule table's columns (section 一).
const (
	colRound    = "统考阶段"
	colDate     = "考核日期"
	colLevel    = "等级"
	colSubject  = "考试科目"
	colTime     = "考核时间"
	colDeadline = "报名截止时间"
)

var (
	roundPattern   = regexp.MustCompile(`^第([一二三四五六七八九十]+)次统考$`)
	datePattern    = regexp.MustCompile(`^(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:[（(]\s*(周[一二三四五六日天])\s*[)）])?$`)
	weekdayPattern = regexp.MustCompile(`^[（(]\s*(周[一二三四五六日天])\s*[)）]$`)
	timesPattern   = regexp.MustCompile(`^(\d{1,2})\s*[:：]\s*(\d{2})\s*[-–—~～至]\s*(\d{1,2})\s*[:：]\s*(\d{2})$`)
)

// day is an exam day being read, with the levels its rows name.
type day struct {
	data.Day
	levels []string
}

// schedule reads the table of section 一. A row naming a 统考阶段 starts a round, a row with a
// 考核日期 starts an exam day of it (a date cell holding only the weekday label continues
// the date above it: the cell's line break split it), every row is a session of its day.
// What a notice may hold, checked as its schedule is read and before anything is written: a
// half-year has 26 weeks, and the real notices hold 5 rounds of 2 days of 2 sessions. Above
// these bounds a document is not a notice (the table's rows are bounded too: maxTableRows).
const (
	maxRounds      = 60 // per notice
	maxDays        = 7  // per round
	maxDaySessions = 20 // per exam day
)

func (p *parser) schedule() error {
	from, to := p.body(1)
	cols := []string{colRound, colDate, colLevel, colSubject, colTime, colDeadline}
	at, rows, err := p.table(1, from, to, cols, func(l string) bool { return true })
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return p.fail(p.sections[1]+1, 0, "the schedule table has no rows; expected a row per session under its header")
	}
	var days [][]*day // per round
	for _, r := range rows {
		cell := func(c string) (string, int) { return r.cells[at[c]], at[c] + 1 }
		if name, n := cell(colRound); name != "" {
			m := roundPattern.FindStringSubmatch(name)
			if m == nil {
				return p.fail(r.line, n, "the 统考阶段 %q is not a round's name; expected 第<N>次统考, like 第三次统考", name)
			}
			number, ok := chineseNumber(m[1])
			if !ok {
				return p.fail(r.line, n, "the round number %q is not a Chinese numeral from 一 to 九十九", m[1])
			}
			if len(p.n.Rounds) == maxRounds {
				return p.fail(r.line, n, "more than %d rounds; a notice holds a few (a half-year has 26 weeks): is this the issuer's notice? expected at most %d", maxRounds, maxRounds)
			}
			id := data.RoundID(p.n.Meta.ID, number)
			p.n.Rounds = append(p.n.Rounds, data.Round{Keys: data.Keys{At: data.Pos{Line: r.line}}, ID: id, Name: name, Number: number})
			days = append(days, nil)
		}
		if len(p.n.Rounds) == 0 {
			return p.fail(r.line, at[colRound]+1, "a row before the first round; expected the first row to name its 统考阶段, like 第三次统考")
		}
		round := &p.n.Rounds[len(p.n.Rounds)-1]
		rdays := &days[len(days)-1]
		if text, n := cell(colDeadline); text != "" {
			if !round.RegistrationDeadline.IsZero() {
				return p.fail(r.line, n, "%s has a second 报名截止时间 %q; expected one per round, on its first row", round.Name, text)
			}
			d, err := p.date(text, r.line, n)
			if err != nil {
				return err
			}
			round.RegistrationDeadline = d
		}
		if text, n := cell(colDate); text != "" {
			if w := weekdayPattern.FindStringSubmatch(text); w != nil {
				if len(*rdays) == 0 || (*rdays)[len(*rdays)-1].Weekday != "" {
					return p.fail(r.line, n, "a weekday label %s without its date; expected it after the date of the exam day, like 9月26日 (周四)", text)
				}
				(*rdays)[len(*rdays)-1].Weekday = w[1]
			} else {
				m := datePattern.FindStringSubmatch(text)
				if m == nil {
					return p.fail(r.line, n, "the 考核日期 %q is not a date; expected <M>月<D>日 (周<X>), like 9月26日 (周四)", text)
				}
				d, err := p.date(strings.TrimSpace(text[:strings.Index(text, "日")+len("日")]), r.line, n)
				if err != nil {
					return err
				}
				d.Pos = data.Pos{Line: r.line}
				if len(*rdays) == maxDays {
					return p.fail(r.line, n, "%s has more than %d exam days; a round has one or two: expected at most %d", round.Name, maxDays, maxDays)
				}
				*rdays = append(*rdays, &day{Day: data.Day{Keys: data.Keys{At: data.Pos{Line: r.line}}, Date: d, Weekday: m[3]}})
			}
		}
		if len(*rdays) == 0 {
			return p.fail(r.line, at[colDate]+1, "a session of %s before its first exam day; expected the round's first row to give its 考核日期", round.Name)
		}
		dy := (*rdays)[len(*rdays)-1]
		if text, _ := cell(colLevel); text != "" {
			for _, l := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("、，,/ ", r) }) {
				if !slices.Contains(dy.levels, l) {
					dy.levels = append(dy.levels, l)
				}
			}
		}
		if err := p.session(r, at, dy); err != nil {
			return err
		}
		if len(dy.Sessions) > maxDaySessions {
			return p.fail(r.line, 0, "the exam day %s has more than %d sessions; a day has two or three: expected at most %d", dateText(dy.Date), maxDaySessions, maxDaySessions)
		}
	}
	for i := range p.n.Rounds {
		round := &p.n.Rounds[i]
		if round.RegistrationDeadline.IsZero() {
			return p.fail(round.Keys.At.Line, at[colDeadline]+1, "%s has no 报名截止时间; expected its date on the round's first row", round.Name)
		}
		for _, d := range days[i] {
			if d.Weekday == "" {
				return p.fail(d.Keys.At.Line, at[colDate]+1, "the exam day %s has no weekday label; expected it after the date, like 9月26日 (周四)", dateText(d.Date))
			}
			levels, err := p.levels(d)
			if err != nil {
				return err
			}
			for k := range d.Sessions {
				d.Sessions[k].Levels = levels
			}
			round.Days = append(round.Days, d.Day)
		}
		if !round.RegistrationDeadline.Before(round.Days[0].Date) && round.RegistrationDeadline.Month() > round.Days[0].Date.Month() {
			// 12月 for a round of January: the year before the notice's.
			round.RegistrationDeadline = data.Date{Time: round.RegistrationDeadline.AddDate(-1, 0, 0), Pos: round.RegistrationDeadline.Pos}
		}
	}
	return p.inHalf()
}

// inHalf refuses a schedule of which no round starts in the half of the year the title names
// (a 上半年 notice whose exams all fall in July–December, or the other way round): the title's
// half is the notice's id, so one of the two is wrong.
func (p *parser) inHalf() error {
	halves := [3]string{1: "上半年 (January–June)", 2: "下半年 (July–December)"}
	for _, r := range p.n.Rounds {
		if first := r.Days[0].Date; first.Year() == p.year && (first.Month() <= 6) == (p.half == 1) {
			return nil
		}
	}
	r := p.n.Rounds[0]
	return p.fail(r.Keys.At.Line, 0, "the title says %d年%s, but no round's exams start in it (the first: %s %s); correct the title's half or the dates in the document, then import it again", p.year, halves[p.half], r.Name, r.Days[0].Date)
}

// session reads the subject and the time of the row r as a session of d.
func (p *parser) session(r row, at map[string]int, d *day) error {
	name, span := r.cells[at[colSubject]], r.cells[at[colTime]]
	if name == "" && span == "" {
		return nil
	}
	subj, ok := p.subject(name)
	if !ok {
		var names []string
		for _, s := range p.n.Meta.Exam.Subjects {
			names = append(names, s.Name)
		}
		return p.fail(r.line, at[colSubject]+1, "the 考试科目 %q is not a subject of section %s; expected one of %s", name, sectionNames[2], strings.Join(names, "、"))
	}
	m := timesPattern.FindStringSubmatch(span)
	if m == nil {
		return p.fail(r.line, at[colTime]+1, "the 考核时间 %q is not a time range; expected HH:MM-HH:MM, like 14:00-15:00", span)
	}
	var clocks [2]data.Clock
	for i := range clocks {
		h, _ := strconv.Atoi(m[1+2*i])
		mi, _ := strconv.Atoi(m[2+2*i])
		if h > 23 || mi > 59 {
			return p.fail(r.line, at[colTime]+1, "%s is not a time of day; expected HH:MM on the 24-hour clock", span)
		}
		clocks[i] = data.Clock{Minutes: h*60 + mi}
	}
	d.Sessions = append(d.Sessions, data.Session{Keys: data.Keys{At: data.Pos{Line: r.line}}, Subject: subj.ID, Start: clocks[0], End: clocks[1]})
	return nil
}

// levels are the levels of every session of d (README "Reading the notice" §1): those its
// rows name, in the order of the notice's levels (section 四).
func (p *parser) levels(d *day) ([]string, error) {
	var out []string
	for _, l := range p.n.Meta.Levels {
		if slices.Contains(d.levels, l) {
			out = append(out, l)
		}
	}
	for _, l := range d.levels {
		if !slices.Contains(out, l) {
			return nil, p.fail(d.Keys.At.Line, 0, "the level %s of the exam day %s has no fee in section %s; expected one of %s", l, dateText(d.Date), sectionNames[4], strings.Join(p.n.Meta.Levels, "、"))
		}
	}
	if len(out) == 0 {
		return nil, p.fail(d.Keys.At.Line, 0, "the exam day %s names no level; expected the 等级 column to name them, like 初级 and 中级", dateText(d.Date))
	}
	if len(d.Sessions) == 0 {
		return nil, p.fail(d.Keys.At.Line, 0, "the exam day %s has no session; expected rows with a 考试科目 and a 考核时间", dateText(d.Date))
	}
	return out, nil
}

// date reads <M>月<D>日 (or 2024年<M>月<D>日) in the notice's year. An explicit year must be
// the notice's, or the one next to it in the notice's half (January or February after a
// second half, November or December before a first): any other is a stale year, as a table
// copied from an older notice keeps, and would publish a date of another year.
func (p *parser) date(text string, line, cell int) (data.Date, error) {
	year := p.year
	s := text
	explicit := false
	if y, rest, ok := strings.Cut(s, "年"); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(y)); err == nil {
			year, s, explicit = n, rest, true
		}
	}
	m := datePattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return data.Date{}, p.fail(line, cell, "%q is not a date; expected <M>月<D>日, like 9月14日", text)
	}
	mo, _ := strconv.Atoi(m[1])
	d, _ := strconv.Atoi(m[2])
	if explicit && year != p.year && !(p.half == 2 && year == p.year+1 && mo <= 2) && !(p.half == 1 && year == p.year-1 && mo >= 11) {
		return data.Date{}, p.fail(line, cell, "%s is in %d, but the notice is of %d (its title): a stale year, as a table copied from an older notice keeps; expected a date of %d: correct the year in the document (or ask the issuer) and import it again", text, year, p.year, p.year)
	}
	date, err := data.ParseDate(fmt.Sprintf("%04d-%02d-%02d", year, mo, d))
	if err != nil {
		return data.Date{}, p.fail(line, cell, "%s is not a day of %d; expected a real date", text, year)
	}
	date.Pos = data.Pos{Line: line}
	return date, nil
}

// dateText writes a day as the notice does: 9月26日.
func dateText(d data.Date) string { return fmt.Sprintf("%d月%d日", d.Month(), d.Day()) }
