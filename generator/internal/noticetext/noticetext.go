// Package noticetext reads a notice of the issuer's template as text copied out of its Word
// document: paragraphs one a line, tables as tab-separated rows, cells merged across rows
// empty, and a row that a line break inside a cell split in two. It gives the notice's data
// (the values of data/notices/<id>/) and, for each value, the line it was read from.
//
// The template fixes the layout, not the values: the heading (issuer, title with the year,
// the half-year and the certificates, addressees, preamble) and six sections, 一 the schedule
// table (统考阶段, 考核日期, 等级, 考试科目, 考核时间, 报名截止时间), 二 the exam's form, scope
// and pass rule, 三 the process table (时间, 内容), 四 the fees, the payment rule and the
// account, 五 the QQ groups, 六 the regional contacts' table and the office contacts. The
// readings of README "Reading the notice" apply: every session of an exam day is for every
// level the day's rows name (§1: the level column was a merged cell); "before the exam"
// counts from the first exam day and "after" from the last (§2); the table's 报名截止时间 is
// the round's registration deadline (§3); 考前 N 个工作日内 is the N-th working day before the
// first exam day (§4); a 证书颁发 "考试后 N 日" that would fall before the scores' publicity
// ends counts from its end and is 预计 (§5).
//
// What the text cannot say is named by the tables of this package: the ids of the steps,
// subjects and certificates it knows (they are parts of permanent UIDs and URLs), so a step
// or subject it does not know stops the reading instead of getting an invented id.
package noticetext

import (
	"fmt"
	"strings"

	"examnotice/generator/internal/data"
)

// Notice is what the text says, in the types of the data files. Each struct's Keys.At holds
// the line of the text it was read from (Pos.Line; File is empty), and Lines the line of each
// other value, by its key path in the data files (notice.title, fees.payment, …).
type Notice struct {
	Meta     data.Meta
	Rounds   []data.Round
	Process  []data.Step
	Fees     data.Fees
	Groups   data.GroupList
	Contacts data.Contacts
	Lines    map[string]int
}

// Error is a part of the text that does not read as the template says: its line (1-based),
// the cell of a table row when one is at fault (1-based, 0 for the whole line), and what was
// expected there.
type Error struct {
	Line int
	Cell int
	Msg  string
}

func (e *Error) Error() string {
	if e.Cell > 0 {
		return fmt.Sprintf("line %d, cell %d: %s", e.Line, e.Cell, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// timeZone is where the issuer's exams take place; the template writes local times only.
const timeZone = "Asia/Shanghai"

// Parse reads the notice's text. updated is the day our staff made the data (notice.yaml
// updated; the notice carries no date of its own). The error, if any, is an *Error.
func Parse(text string, updated data.Date) (*Notice, error) {
	p := &parser{lines: Lines(text), n: &Notice{Lines: map[string]int{}}}
	if err := p.parse(updated); err != nil {
		return nil, err
	}
	return p.n, nil
}

// Lines are the lines of a notice's text, without their line ends (\n or \r\n), as a
// person reads them: the full-width digits (０８:３０) and hyphen (－), and the ideographic
// space (U+3000), which Word shows as plainly as their ASCII forms, are folded into those.
// The full-width colon and the other forms the template uses (：、（）) are kept: the
// template's patterns know them. The checker of the data against the text (package
// provenance) reads the text the same way.
func Lines(text string) []string {
	text = fold.Replace(strings.ReplaceAll(text, "\r\n", "\n"))
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

var fold = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"－", "-", "\u3000", " ",
)

// parser holds the text being read and the notice read so far.
type parser struct {
	lines []string
	n     *Notice
	year  int
	half  int
	// the section headings' lines (index), by section number 1..6
	sections [7]int
}

func (p *parser) fail(line, cell int, format string, args ...any) error {
	return &Error{Line: line, Cell: cell, Msg: fmt.Sprintf(format, args...)}
}

// sectionNames are the headings of the template's six sections, for messages.
var sectionNames = [7]string{"", "一、考试场次及级别", "二、考试内容及相关安排", "三、考试报名及流程", "四、考试费用", "五、考试工作群", "六、联系方式"}

func (p *parser) parse(updated data.Date) error {
	if err := p.findSections(); err != nil {
		return err
	}
	if err := p.heading(updated); err != nil {
		return err
	}
	// Section 二 names the subjects the schedule's rows refer to, section 四 the levels.
	if err := p.exam(); err != nil {
		return err
	}
	if err := p.fees(); err != nil {
		return err
	}
	if err := p.schedule(); err != nil {
		return err
	}
	if err := p.process(); err != nil {
		return err
	}
	if err := p.groups(); err != nil {
		return err
	}
	return p.contacts()
}

// body returns the indexes of the lines of section s, after its heading and before the next.
func (p *parser) body(s int) (from, to int) {
	from = p.sections[s] + 1
	to = len(p.lines)
	if s < 6 {
		to = p.sections[s+1]
	}
	return from, to
}

// findSections finds the six section headings, in order: a line of its own starting with the
// section's numeral and 、.
func (p *parser) findSections() error {
	next := 1
	for i, l := range p.lines {
		t := strings.TrimSpace(l)
		if next <= 6 && strings.HasPrefix(t, numerals[next]+"、") && !strings.Contains(l, "\t") {
			p.sections[next] = i
			next++
		}
	}
	if next <= 6 {
		after := "the heading"
		if next > 1 {
			after = "section " + sectionNames[next-1]
		}
		what := ""
		if next == 1 {
			what = " (the schedule table of the rounds: no schedule, no import)"
		}
		return p.fail(len(p.lines), 0, "no section %s%s after %s; expected the issuer's template, with its sections 一 to 六 each under a heading line of its own", sectionNames[next], what, after)
	}
	return nil
}
