package noticetext

import (
	"regexp"
	"strings"

	"examnotice/generator/internal/data"
)

// The contact table's columns (section 六).
const (
	colName      = "联系人"
	colProvinces = "区域"
	colPhone     = "联系方式"
)

var (
	officePattern = regexp.MustCompile(`^(.+?)(?:联系方式)?\s*[:：]\s*(0\d{2,3}-\d{7,8}|1\d{10})\s*(\S+)$`)
	dashes        = regexp.MustCompile(`^-+$`)
	phonePattern  = regexp.MustCompile(`^(0\d{2,3}-\d{7,8}|1\d{10})$`)
)

// contacts reads section 六: the table of the regional contacts under its title (联系人, 区域
// with the provinces' abbreviations, 联系方式), then the office contacts, a line each:
// <role>[联系方式]：<phone> <name>.
func (p *parser) contacts() error {
	from, to := p.body(6)
	title := -1
	for i := from; i < to; i++ {
		if strings.TrimSpace(p.lines[i]) != "" {
			title = i
			break
		}
	}
	if title < 0 {
		return p.fail(p.sections[6]+1, 0, "section %s is empty; expected the regional contacts' table and the office contacts", sectionNames[6])
	}
	c := &p.n.Contacts
	c.Title = cells(p.lines[title])[0]
	p.n.Lines["contacts.title"] = title + 1
	inTable := func(l string) bool { return strings.Contains(l, "\t") }
	at, rows, err := p.table(6, title+1, to, []string{colName, colProvinces, colPhone}, inTable)
	if err != nil {
		return err
	}
	last := title
	for _, r := range rows {
		last = r.line
		if allDashes(r.cells) {
			continue
		}
		name, provinces, phone := r.cells[at[colName]], r.cells[at[colProvinces]], strings.ReplaceAll(r.cells[at[colPhone]], " ", "")
		if name == "" {
			return p.fail(r.line, at[colName]+1, "a contact without a name; expected 联系人, 区域 and 联系方式 in every row")
		}
		if !phonePattern.MatchString(phone) {
			return p.fail(r.line, at[colPhone]+1, "the 联系方式 %q of %s is not a phone number; expected a mobile like 13812345678 or a landline like 025-83152910", phone, name)
		}
		codes := strings.FieldsFunc(provinces, func(r rune) bool { return strings.ContainsRune("、，, /", r) })
		if len(codes) == 0 {
			return p.fail(r.line, at[colProvinces]+1, "%s covers no province; expected the provinces' abbreviations, like 苏、沪", name)
		}
		c.Regional = append(c.Regional, data.Contact{Keys: data.Keys{At: data.Pos{Line: r.line}}, Name: name, Provinces: codes, Phone: data.Digits(phone)})
	}
	if len(c.Regional) == 0 {
		return p.fail(title+1, 0, "the contacts' table has no contact; expected a row per regional contact")
	}
	for i := last; i < to; i++ {
		t := strings.TrimSpace(p.lines[i])
		if t == "" || strings.Contains(p.lines[i], "\t") {
			continue
		}
		m := officePattern.FindStringSubmatch(t)
		if m == nil {
			return p.fail(i+1, 0, "%q is not an office contact; expected <role>联系方式：<phone> <name>, like 1+X 办公室联系方式：025-83152910 李老师", t)
		}
		c.Office = append(c.Office, data.Office{Keys: data.Keys{At: data.Pos{Line: i + 1}}, Role: strings.TrimSpace(m[1]), Name: m[3], Phone: data.Digits(m[2])})
	}
	return nil
}

func allDashes(cs []string) bool {
	for _, c := range cs {
		if c != "" && !dashes.MatchString(c) {
			return false
		}
	}
	return true
}
