package importer

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/noticetext"
	"examnotice/generator/internal/yamlpatch"
)

// file is a data file being written: its lines, and for each line the line of the notice's
// text it was read from (0 for none), so that a problem the checker finds on a line of the
// data can name the notice's line too.
type file struct {
	buf    bytes.Buffer
	source []int // source[i] is the text's line of the file's line i+1
	text   string
}

// line writes one line of the file, read from the text's line src (0: not from the text).
func (f *file) line(src int, format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if src > 0 {
		s += fmt.Sprintf("  # %s:%d", f.text, src)
	}
	f.buf.WriteString(s + "\n")
	f.source = append(f.source, src)
}

// comment writes the header comment: each line of c after "# ".
func (f *file) comment(c string) {
	for _, l := range strings.Split(strings.TrimSpace(c), "\n") {
		f.line(0, "# %s", l)
	}
}

// scalar writes s as a YAML scalar: plain when YAML reads it back as the same text, alone
// and inside a flow list, else double-quoted.
func scalar(s string) string { return yamlpatch.Plain(s) }

// quoted writes digits, clocks and other values that must stay text: always double-quoted.
func quoted(s string) string { return strconv.Quote(s) }

func list(items []string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = scalar(s)
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// render writes the six data files of n, by file name.
func render(n *noticetext.Notice, text string) map[string]*file {
	files := map[string]*file{}
	for _, name := range []string{"notice.yaml", "rounds.yaml", "process.yaml", "fees.yaml", "groups.yaml", "contacts.yaml"} {
		files[name] = &file{text: text}
	}
	renderNotice(files["notice.yaml"], n)
	renderRounds(files["rounds.yaml"], n)
	renderProcess(files["process.yaml"], n)
	renderFees(files["fees.yaml"], n)
	renderGroups(files["groups.yaml"], n)
	renderContacts(files["contacts.yaml"], n)
	return files
}

func renderNotice(f *file, n *noticetext.Notice) {
	m := n.Meta
	f.comment(fmt.Sprintf(`The notice itself: heading, addressees, preamble and section 二 (考试内容及相关安排). Source:
%s beside this file (%s), imported by `+"`generator import`"+`; each line
read from the text names its line. `+"`id`"+` names this folder. `+"`updated`"+` is the day our staff
made this data, not a date of the notice (it carries none); it is shown in the footer and
stamps the calendars. short_title is ours.`, m.SourceFile, m.Issuer))
	l := n.Lines
	f.line(0, "id: %s", scalar(m.ID))
	f.line(l["notice.title"], "title: %s", scalar(m.Title))
	f.line(0, "short_title: %s", scalar(m.ShortTitle))
	f.line(l["notice.issuer"], "issuer: %s", scalar(m.Issuer))
	f.line(l["notice.addressees"], "addressees: %s", scalar(m.Addressees))
	f.line(l["notice.title"], "year: %d", m.Year)
	f.line(0, "time_zone: %s", scalar(m.TimeZone))
	f.line(0, "updated: %s", m.Updated)
	f.line(0, "source_file: %s", scalar(m.SourceFile))
	f.line(l["notice.preamble"], "preamble: %s", scalar(m.Preamble))
	f.line(0, "certificates:")
	for _, c := range m.Certificates {
		f.line(c.Keys.At.Line, "  - id: %s", scalar(c.ID))
		f.line(0, "    name: %s", scalar(c.Name))
		f.line(0, "    short: %s", scalar(c.Short))
	}
	f.line(l["notice.levels"], "levels: %s", list(m.Levels))
	f.line(0, "exam:")
	f.line(l["notice.exam.form"], "  form: %s", scalar(m.Exam.Form))
	f.line(l["notice.exam.form"], "  mode: %s", scalar(m.Exam.Mode))
	f.line(0, "  subjects:")
	for _, s := range m.Exam.Subjects {
		f.line(s.Keys.At.Line, "    - id: %s", scalar(s.ID))
		f.line(0, "      name: %s", scalar(s.Name))
		f.line(s.Keys.At.Line, "      minutes: %d", s.Minutes)
		f.line(l["notice.exam.pass_rule"], "      full_marks: %d", s.FullMarks)
		f.line(l["notice.exam.pass_rule"], "      pass_mark: %d", s.PassMark)
	}
	f.line(l["notice.exam.scope"], "  scope: %s", scalar(m.Exam.Scope))
	f.line(l["notice.exam.pass_rule"], "  pass_rule: %s", scalar(m.Exam.PassRule))
}

func renderRounds(f *file, n *noticetext.Notice) {
	f.comment(fmt.Sprintf(`The rounds of section 一 (考试场次及级别), one entry per row group of the table. Source:
%s, beside this file; each line read from the text names its line. Reading (README
"Reading the notice" §1–3): every session of an exam day is for every level the day's rows
name (the table's level column was a merged cell); registration_deadline is the table's
报名截止时间 column. Ids are permanent public URLs (/rounds/<id>/, /calendars/<id>.ics): never
rename one; cancel with `+"`status: cancelled`"+`.`, n.Meta.SourceFile))
	f.line(0, "rounds:")
	for i, r := range n.Rounds {
		if i > 0 {
			f.line(0, "")
		}
		f.line(r.Keys.At.Line, "  - id: %s", scalar(r.ID))
		f.line(0, "    name: %s", scalar(r.Name))
		f.line(0, "    number: %d", r.Number)
		f.line(r.RegistrationDeadline.Pos.Line, "    registration_deadline: %s", r.RegistrationDeadline)
		f.line(0, "    days:")
		for _, d := range r.Days {
			f.line(d.Keys.At.Line, "      - date: %s", d.Date)
			f.line(d.Keys.At.Line, "        weekday: %s", scalar(d.Weekday))
			f.line(0, "        sessions:")
			for _, s := range d.Sessions {
				f.line(s.Keys.At.Line, "          - {subject: %s, start: %s, end: %s, levels: %s}", scalar(s.Subject), quoted(s.Start.String()), quoted(s.End.String()), list(s.Levels))
			}
		}
	}
}

func renderProcess(f *file, n *noticetext.Notice) {
	f.comment(fmt.Sprintf(`Section 三 (考试报名及流程): each step with the notice's own 时间 and 内容 columns, plus
how the generator turns it into a date for every round (README "Reading the notice" §2, §5, §6):
  anchor: first-exam-day | last-exam-day | exam-sessions | end-of:<step id>
  offset_days: days after the anchor (negative = before); span_days: how long it lasts.
  explicit: a round field that, when set, wins over the rule (the table's 报名截止时间).
  estimated: the notice's wording does not fix the date; it is shown as 预计.
Source: %s, beside this file; each step names its line. Step ids are ours (parts of
calendar UIDs), from the importer's table of known steps.`, n.Meta.SourceFile))
	f.line(0, "steps:")
	for _, s := range n.Process {
		src := s.Keys.At.Line
		f.line(src, "  - id: %s", scalar(s.ID))
		f.line(0, "    name: %s", scalar(s.Name))
		f.line(0, "    milestone: %s", scalar(s.Milestone))
		f.line(src, "    time: %s", scalar(s.Time))
		f.line(src, "    wording: %s", scalar(s.Wording))
		f.line(0, "    anchor: %s", scalar(s.Anchor))
		if s.Anchor != data.AnchorSessions {
			f.line(src, "    offset_days: %d", s.OffsetDays)
		}
		if s.SpanDays > 0 {
			f.line(src, "    span_days: %d", s.SpanDays)
		}
		if s.Explicit != "" {
			f.line(0, "    explicit: %s", scalar(s.Explicit))
		}
		if s.Estimated {
			f.line(0, "    # README \"Reading the notice\" §5: counted from the end of the publicity, shown as 预计.")
			f.line(0, "    estimated: true")
		}
	}
}

func renderFees(f *file, n *noticetext.Notice) {
	fe := n.Fees
	f.comment(fmt.Sprintf(`Section 四 (考试费用): fee per level, who pays, the payment deadline and the bank account.
Source: %s, beside this file; each line read from the text names its line. The deadline
"%s" is read as the working day %d working days before the first exam day, counted with the State
Council holiday arrangement in data/workdays.yaml (README "Reading the notice" §4).`, n.Meta.SourceFile, fe.Deadline.Wording, fe.Deadline.WorkingDaysBefore))
	l := n.Lines
	f.line(0, "levels:")
	for _, x := range fe.Levels {
		f.line(x.Keys.At.Line, "  - {level: %s, yuan: %d}", scalar(x.Level), x.Yuan)
	}
	f.line(l["fees.standard"], "unit: %s", scalar(fe.Unit))
	f.line(l["fees.standard"], "standard: %s", scalar(fe.Standard))
	f.line(l["fees.payment"], "payment: %s", scalar(fe.Payment))
	f.line(0, "payers:")
	for _, p := range fe.Payers {
		f.line(l["fees.payment"], "  - {candidates: %s, payer: %s, payee: %s}", scalar(p.Candidates), scalar(p.Payer), scalar(p.Payee))
	}
	d := fe.Deadline
	f.line(0, "deadline:")
	f.line(0, "  milestone: %s", scalar(d.Milestone))
	f.line(d.Keys.At.Line, "  wording: %s", scalar(d.Wording))
	f.line(0, "  anchor: %s", scalar(d.Anchor))
	f.line(d.Keys.At.Line, "  working_days_before: %d", d.WorkingDaysBefore)
	a := fe.Account
	f.line(0, "account:")
	f.line(l["fees.account.name"], "  name: %s", scalar(a.Name))
	f.line(l["fees.account.number"], "  number: %s", quoted(string(a.Number)))
	f.line(l["fees.account.bank"], "  bank: %s", scalar(a.Bank))
}

func renderGroups(f *file, n *noticetext.Notice) {
	f.comment(fmt.Sprintf(`Section 五 (考试工作群): one QQ group per round. Source: %s, beside this file.
The notice's QR pictures are not in its text. A group's official join link
(the link QQ's admin tool gives for the group) may be added as `+"`join_url`"+`; it cannot be
derived from the number. Without it the site's QR leads to the group's place on our site.`, n.Meta.SourceFile))
	f.line(n.Lines["groups.intro"], "intro: %s", scalar(n.Groups.Intro))
	f.line(0, "groups:")
	for _, g := range n.Groups.Groups {
		f.line(g.Keys.At.Line, "  - {round: %s, name: %s, number: %s}", scalar(g.Round), scalar(g.Name), quoted(string(g.Number)))
	}
}

func renderContacts(f *file, n *noticetext.Notice) {
	c := n.Contacts
	f.comment(fmt.Sprintf(`Section 六 (联系方式). Source: %s, beside this file; each contact names its line.
A contact is identified by the provinces it covers and its phone, never by name (README
"Reading the notice" §7). `+"`provinces`"+` uses the one-character abbreviations of
data/provinces.yaml; together the regional contacts must cover the 31 mainland provinces
exactly once.`, n.Meta.SourceFile))
	f.line(n.Lines["contacts.title"], "title: %s", scalar(c.Title))
	f.line(0, "regional:")
	for _, r := range c.Regional {
		f.line(r.Keys.At.Line, "  - {name: %s, provinces: %s, phone: %s}", scalar(r.Name), list(r.Provinces), quoted(string(r.Phone)))
	}
	f.line(0, "office:")
	for _, o := range c.Office {
		f.line(o.Keys.At.Line, "  - {role: %s, name: %s, phone: %s}", scalar(o.Role), scalar(o.Name), quoted(string(o.Phone)))
	}
}
