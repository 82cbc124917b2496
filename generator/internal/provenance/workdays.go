package provenance

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/data"
)

const workdaysFile = "data/workdays.yaml"

// workdayText names the source text of a year of workdays.yaml: data/workdays-2024.txt,
// beside workdays.yaml with the other data every notice shares.
var workdayText = regexp.MustCompile(`^workdays-(\d{4})\.txt$`)

func workdayTextPath(year int) string { return dataPath(fmt.Sprintf("workdays-%d.txt", year)) }

// arrangement is one year's State Council holiday arrangement as its text says it.
type arrangement struct {
	file     string
	year     int
	title    string
	lines    map[string]bool // every non-empty line, trimmed
	docLine  string          // the document number (国办发明电〔2023〕7号) or else the date line, for `source:`
	holidays []textHoliday
	makeup   []textDay
}

type textHoliday struct {
	name     string // the section's holiday: 春节, 国庆节、中秋节
	from, to string // YYYY-MM-DD
	raw      string // 2月10日至17日
	line     int
}

type textDay struct {
	value, raw, section string
	line                int
}

var (
	wdSection  = regexp.MustCompile(`^([一二三四五六七八九十]+)、([^：:]+)[：:](.*)$`)
	wdDate     = regexp.MustCompile(`(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日`)
	wdSentence = regexp.MustCompile(`[。；;，,]`)
	docNumber  = regexp.MustCompile(`〔\d{4}〕\d+号$`)
	dateLine   = regexp.MustCompile(`^\d{4}年\d{1,2}月\d{1,2}日$`)
)

func (c *checker) workdays() {
	texts := c.arrangements()
	top := c.loadYAML(workdaysFile)
	if top == nil {
		return
	}
	seen := map[int]bool{}
	for _, y := range items(get(top, "years")) {
		yn := get(y, "year")
		year, err := strconv.Atoi(str(yn))
		if err != nil {
			continue // the data checker reports it
		}
		seen[year] = true
		a := texts[year]
		if a == nil {
			c.add(at(workdaysFile, yn), "year %d has no source text; add %s with the wording of 国务院办公厅关于%d年部分节假日安排的通知 (一、元旦：… 二、春节：…)",
				year, workdayTextPath(year), year)
			continue
		}
		c.source(y, yn, a)
		c.holidays(y, a)
		c.makeup(y, yn, a)
	}
	years := make([]int, 0, len(texts))
	for y := range texts {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		if !seen[y] {
			c.add(data.Pos{File: texts[y].file, Line: 1}, "%s has no year %d; add that year's arrangement there from this text, or remove this file", workdaysFile, y)
		}
	}
}

// arrangements reads every data/workdays-YYYY.txt.
func (c *checker) arrangements() map[int]*arrangement {
	entries, err := os.ReadDir(filepath.Join(c.root, dataDir))
	if err != nil {
		c.add(data.Pos{File: dataDir}, "cannot read the directory (%v)", pathError(err))
		return nil
	}
	out := map[int]*arrangement{}
	for _, e := range entries {
		m := workdayText.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			continue
		}
		year, _ := strconv.Atoi(m[1])
		file := workdayTextPath(year)
		if b, ok := c.read(file); ok {
			out[year] = c.parseArrangement(file, year, lines(b))
		}
	}
	return out
}

// parseArrangement reads a State Council notice: its first line is the title; each
// section "一、元旦：…" names a holiday, a clause of it (clauses end at 。；，) with 放假
// gives its days off (1月1日放假, 2月10日至17日放假调休, 5月31日至6月2日放假) and a clause
// with 上班 its make-up working days. Other clauses are not read.
func (c *checker) parseArrangement(file string, year int, ls []string) *arrangement {
	a := &arrangement{file: file, year: year, lines: map[string]bool{}}
	section := ""
	titleLine := 0
	for i, l := range ls {
		ln := i + 1
		t := strings.TrimSpace(l)
		if t == "" {
			section = ""
			continue
		}
		a.lines[t] = true
		if a.title == "" {
			a.title, titleLine = t, ln
			continue
		}
		if !docNumber.MatchString(a.docLine) && (docNumber.MatchString(t) || dateLine.MatchString(t)) {
			a.docLine = t // the document number, else the last date line
		}
		body := t
		if m := wdSection.FindStringSubmatch(t); m != nil {
			section, body = strings.TrimSpace(m[2]), m[3]
		} else if section == "" {
			continue
		}
		for _, s := range wdSentence.Split(body, -1) {
			c.sentence(a, section, ln, s)
		}
	}
	if a.title == "" {
		c.add(data.Pos{File: file, Line: 1}, "the file is empty; expected the wording of 国务院办公厅关于%d年部分节假日安排的通知", year)
		return a
	}
	if !strings.Contains(a.title, fmt.Sprintf("%d年", year)) || !strings.Contains(a.title, "节假日安排") {
		c.add(data.Pos{File: file, Line: titleLine}, "the title %q does not name %d年部分节假日安排; expected the first line to be the notice's title, 国务院办公厅关于%d年部分节假日安排的通知", a.title, year, year)
	}
	if len(a.holidays) == 0 && len(a.makeup) == 0 {
		c.add(data.Pos{File: file, Line: titleLine}, "no section like 一、元旦：1月1日放假。 found; expected the notice's sections, one a line")
	}
	return a
}

// sentence reads one sentence of a section.
func (c *checker) sentence(a *arrangement, section string, ln int, s string) {
	type day struct {
		value, raw string
		at         int
		end        int
	}
	var days []day
	month := 0
	for _, m := range wdDate.FindAllStringSubmatchIndex(s, -1) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		y := a.year
		if g(1) != "" {
			y = atoi(g(1))
		}
		if g(2) != "" {
			month = atoi(g(2))
		}
		raw := s[m[0]:m[1]]
		if month == 0 {
			c.add(data.Pos{File: a.file, Line: ln}, "cannot tell the month of %s in %q; expected a date like 2月10日", raw, s)
			return
		}
		days = append(days, day{value: isoDate(y, strconv.Itoa(month), g(3), raw), raw: raw, at: m[0], end: m[1]})
	}
	switch {
	case strings.Contains(s, "上班"):
		for _, d := range days {
			a.makeup = append(a.makeup, textDay{value: d.value, raw: d.raw, section: section, line: ln})
		}
	case strings.Contains(s, "放假"):
		off := strings.Index(s, "放假")
		var before []day
		for _, d := range days {
			if d.end <= off {
				before = append(before, d)
			}
		}
		h := textHoliday{name: section, line: ln}
		switch {
		case len(before) == 1:
			h.from, h.to, h.raw = before[0].value, before[0].value, before[0].raw
		case len(before) == 2 && strings.Contains(s[before[0].end:before[1].at], "至"):
			h.from, h.to, h.raw = before[0].value, before[1].value, s[before[0].at:before[1].end]
		default:
			c.add(data.Pos{File: a.file, Line: ln}, "cannot read the days off of %s in %q; expected one day (1月1日放假) or a range (2月10日至17日放假)", section, s)
			return
		}
		a.holidays = append(a.holidays, h)
	}
}

// source checks that the year's `source:` names its text: the text's title, and in （）
// a whole line of it (its document number or its date), as written there.
func (c *checker) source(y, yn *yaml.Node, a *arrangement) {
	want := a.title
	if a.docLine != "" {
		want += "（" + a.docLine + "）"
	}
	sn := get(y, "source")
	s := strings.TrimSpace(str(sn))
	if sn == nil {
		c.add(at(workdaysFile, yn), "year %d has no source; expected source: %s, naming %s", a.year, want, a.file)
		return
	}
	if s == a.title {
		return
	}
	if inner, ok := strings.CutPrefix(s, a.title+"（"); ok {
		if inner, ok := strings.CutSuffix(inner, "）"); ok && a.lines[inner] {
			return
		}
	}
	c.add(at(workdaysFile, sn), "source %q does not name %s; expected %q: that text's title, and in （） its document number or date as written there",
		s, a.file, want)
}

// holidays compares the year's holidays with the text's, holiday by holiday (by name).
func (c *checker) holidays(y *yaml.Node, a *arrangement) {
	type dataHoliday struct {
		name, from, to string
		node, fromN    *yaml.Node
		toN            *yaml.Node
	}
	var ds []dataHoliday
	for _, h := range items(get(y, "holidays")) {
		fromN, toN := get(h, "from"), get(h, "to")
		node := get(h, "name")
		if node == nil {
			node = h
		}
		ds = append(ds, dataHoliday{name: strings.TrimSpace(str(get(h, "name"))), from: normalize(kindDate, str(fromN)), to: normalize(kindDate, str(toN)),
			node: node, fromN: fromN, toN: toN})
	}
	used := make([]bool, len(a.holidays))
	var dl []dataHoliday
next:
	for _, d := range ds {
		for j, t := range a.holidays {
			if used[j] || t.name != d.name {
				continue
			}
			used[j] = true
			if t.from != d.from || t.to != d.to {
				n := d.fromN
				if t.from == d.from {
					n = d.toN
				}
				c.add(at(workdaysFile, n), "%s from %s to %s is not in %s; %s:%d has %s：%s (%s to %s); change one so that both say the same",
					d.name, d.from, d.to, a.file, a.file, t.line, t.name, t.raw, t.from, t.to)
			}
			continue next
		}
		dl = append(dl, d)
	}
	var tl []textHoliday
	for j, t := range a.holidays {
		if !used[j] {
			tl = append(tl, t)
		}
	}
	// A holiday of the same days under another name is a difference of name.
	for _, d := range dl {
		found := false
		for j, t := range tl {
			if t.name != "" && t.from == d.from && t.to == d.to {
				c.add(at(workdaysFile, d.node), "holiday %s (%s to %s) is called %s in %s:%d; change one so that both say the same",
					d.name, d.from, d.to, t.name, a.file, t.line)
				tl[j].name, found = "", true
				break
			}
		}
		if !found {
			c.add(at(workdaysFile, d.node), "%s from %s to %s is not in %s; add it there or remove it here", d.name, d.from, d.to, a.file)
		}
	}
	hn := keyNode(y, "holidays")
	if hn == nil {
		hn = get(y, "year")
	}
	for _, t := range tl {
		if t.name == "" {
			continue
		}
		c.add(data.Pos{File: a.file, Line: t.line}, "%s：%s is not in %s; add {name: %s, from: %s, to: %s} to the holidays of %d there (%s:%d:%d)",
			t.name, t.raw, workdaysFile, t.name, t.from, t.to, a.year, workdaysFile, hn.Line, hn.Column)
	}
}

// makeup compares the year's make-up working days with the text's 上班 days, as sets.
func (c *checker) makeup(y, yn *yaml.Node, a *arrangement) {
	var dl []*yaml.Node
	used := make([]bool, len(a.makeup))
next:
	for _, n := range items(get(y, "workdays")) {
		v := normalize(kindDate, str(n))
		for j, t := range a.makeup {
			if !used[j] && t.value == v {
				used[j] = true
				continue next
			}
		}
		dl = append(dl, n)
	}
	var tl []textDay
	for j, t := range a.makeup {
		if !used[j] {
			tl = append(tl, t)
		}
	}
	sort.SliceStable(dl, func(i, j int) bool { return normalize(kindDate, dl[i].Value) < normalize(kindDate, dl[j].Value) })
	sort.SliceStable(tl, func(i, j int) bool { return tl[i].value < tl[j].value })
	for i, n := range dl {
		if i < len(tl) {
			t := tl[i]
			c.add(at(workdaysFile, n), "上班 day %s is not in %s; %s:%d has %s (%s) there; change one so that both say the same",
				n.Value, a.file, a.file, t.line, t.raw, t.value)
			continue
		}
		c.add(at(workdaysFile, n), "上班 day %s is not in %s; add it there or remove it here", n.Value, a.file)
	}
	wn := keyNode(y, "workdays")
	if wn == nil {
		wn = yn
	}
	for i := len(dl); i < len(tl); i++ {
		t := tl[i]
		c.add(data.Pos{File: a.file, Line: t.line}, "上班 day %s (%s) is not in %s; add %s to the workdays of %d there (%s:%d:%d)",
			t.raw, t.section, workdaysFile, t.value, a.year, workdaysFile, wn.Line, wn.Column)
	}
}
