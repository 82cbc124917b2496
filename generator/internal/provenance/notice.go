package provenance

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/noticetext"
)

// noticeFiles are the data files that transcribe the notice, in the order they are read
// (rounds.yaml before groups.yaml: a group's context is the name of its round).
var noticeFiles = []string{"notice.yaml", "rounds.yaml", "process.yaml", "fees.yaml", "groups.yaml", "contacts.yaml"}

// structured are the key paths whose values are compared in context; every other string
// value of the notice's data files is prose, whose values need only be somewhere in the text.
var structured = map[string][]string{
	"rounds.yaml":   {"rounds.registration_deadline", "rounds.days.date", "rounds.days.sessions.start", "rounds.days.sessions.end"},
	"fees.yaml":     {"levels.yuan", "account.number"},
	"groups.yaml":   {"groups.number"},
	"contacts.yaml": {"regional.phone", "office.phone"},
}

// Kinds of context: the first part of a context key. A key is its parts joined by ctxSep.
const (
	ctxRound   = "round"   // round name, then "date", "deadline" or day index, subject, start|end
	ctxGroup   = "group"   // the round named in 群名称
	ctxContact = "contact" // the provinces of a row of the contact table, sorted
	ctxOffice  = "office"  // the label before ： of a line with a phone (1+X 办公室)
	ctxFee     = "fee"     // the level written before the fee
	ctxAccount = "account" // 账号
	ctxSep     = "\x1f"
)

func ctxKey(parts ...string) string { return strings.Join(parts, ctxSep) }

// contextFile is the data file that carries the values of a kind of context.
var contextFile = map[string]string{
	ctxRound:   "rounds.yaml",
	ctxGroup:   "groups.yaml",
	ctxContact: "contacts.yaml",
	ctxOffice:  "contacts.yaml",
	ctxFee:     "fees.yaml",
	ctxAccount: "fees.yaml",
}

// item is a value of the data or of the text, at its place and in its context.
type item struct {
	token
	pos   data.Pos
	ctx   string // context key; "" for a value outside every known context
	desc  string // the context as messages show it: 第三次统考, 京、津、蒙
	label string // the name shown before a number: "群号 ", "电话 ", "账号 "
	file  string // text: the data file that should carry it; data: its own file
	keys  string // data: the key path of its scalar
	prose bool   // data: a value inside free text (fees.yaml standard), checked for presence only
}

// shown is the value as messages show it, with its label.
func (it *item) shown() string { return it.label + it.raw }

// context is the value's context in parentheses, or "".
func (it *item) context() string {
	if it.desc == "" {
		return ""
	}
	return " (" + it.desc + ")"
}

// noticeCheck compares the data files of one notice with its text.
type noticeCheck struct {
	*checker
	dir      string // the notice's folder: data/notices/<id>
	listFile string // its list of values not carried: data/notices/<id>/provenance.txt
	year     int
	textFile string
	subjects map[string]string // subject id → name (notice.yaml exam.subjects)
	rounds   map[string]string // round id → name
	data     []*item
	text     []*item
	anchors  map[string]int // context key → first line of the text that has it
}

// notice compares the data files of the notice folder dir (data/notices/<id>) with the
// notice's text in it, leaving out what the folder's provenance.txt lists.
func (c *checker) notice(dir string) {
	nc := &noticeCheck{checker: c, dir: dir, listFile: path.Join(dir, listName),
		subjects: map[string]string{}, rounds: map[string]string{}, anchors: map[string]int{}}
	docs := map[string]*yaml.Node{}
	for _, name := range noticeFiles {
		docs[name] = c.loadYAML(nc.path(name))
	}
	meta := docs["notice.yaml"]
	if meta == nil {
		return
	}
	if !nc.readMeta(meta) {
		return
	}
	for _, name := range noticeFiles {
		if docs[name] != nil {
			nc.readData(name, docs[name])
		}
	}
	src, ok := c.read(nc.textFile)
	if !ok {
		return
	}
	nc.readText(lines(src))
	nc.exclude(nc.readList())
	nc.match()
}

// path is the notice's data file name as messages show it: data/notices/2024h2/rounds.yaml.
func (nc *noticeCheck) path(name string) string { return path.Join(nc.dir, name) }

// readMeta takes the notice's year and source text from notice.yaml.
func (nc *noticeCheck) readMeta(meta *yaml.Node) bool {
	file := nc.path("notice.yaml")
	yn := get(meta, "year")
	y, err := strconv.Atoi(str(yn))
	if err != nil || y < 1000 {
		nc.add(at(file, yn), "expected the notice's year (year: 2024); the notice's dates without a year are read in it")
		return false
	}
	nc.year = y
	sn := get(meta, "source_file")
	name := str(sn)
	if name == "" || strings.ContainsAny(name, "/\\") || name == "." || name == ".." {
		nc.add(at(file, sn), "expected source_file: the notice's text, the name of a file in %s (source_file: notice-2024h2.txt)", nc.dir)
		return false
	}
	nc.textFile = path.Join(nc.dir, name)
	for _, s := range items(get(get(meta, "exam"), "subjects")) {
		if id := str(get(s, "id")); id != "" {
			nc.subjects[id] = str(get(s, "name"))
		}
	}
	return true
}

// readData takes the values of one data file: those of its structured keys in context,
// and every date, time, fee or number inside its other strings as prose.
func (nc *noticeCheck) readData(name string, top *yaml.Node) {
	file := nc.path(name)
	walkScalars(top, "", func(n *yaml.Node, keys string) {
		if slices.Contains(structured[name], keys) {
			return
		}
		if tag := n.ShortTag(); tag != "!!str" && tag != "!!timestamp" {
			return // counts, years, minutes: not values of the kinds compared
		}
		if strings.HasPrefix(n.Value, "http://") || strings.HasPrefix(n.Value, "https://") {
			return
		}
		for _, t := range scan(n.Value, nc.year) {
			it := &item{token: t, pos: at(file, n), desc: keys, file: file, keys: keys, prose: true}
			if t.kind == kindFee && t.role != "" {
				it.ctx, it.desc = ctxKey(ctxFee, t.role), keys+" "+t.role
			}
			it.label = numberLabel(t)
			nc.data = append(nc.data, it)
		}
	})
	switch name {
	case "rounds.yaml":
		nc.readRounds(file, top)
	case "fees.yaml":
		for _, l := range items(get(top, "levels")) {
			level := str(get(l, "level"))
			nc.addData(file, get(l, "yuan"), kindFee, ctxKey(ctxFee, level), level, "", "levels.yuan")
		}
		nc.addData(file, get(get(top, "account"), "number"), kindNumber, ctxKey(ctxAccount), "", "账号 ", "account.number")
	case "groups.yaml":
		for _, g := range items(get(top, "groups")) {
			round := nc.rounds[str(get(g, "round"))]
			if round == "" {
				round = roundIn(str(get(g, "name")))
			}
			nc.addData(file, get(g, "number"), kindNumber, ctxKey(ctxGroup, round), round, "群号 ", "groups.number")
		}
	case "contacts.yaml":
		for _, r := range items(get(top, "regional")) {
			provinces := strs(get(r, "provinces"))
			nc.addData(file, get(r, "phone"), kindNumber, ctxKey(ctxContact, provinceKey(provinces)), strings.Join(provinces, "、"), "电话 ", "regional.phone")
		}
		for _, o := range items(get(top, "office")) {
			role := strings.TrimSpace(str(get(o, "role")))
			nc.addData(file, get(o, "phone"), kindNumber, ctxKey(ctxOffice, role), role, "电话 ", "office.phone")
		}
	}
}

func (nc *noticeCheck) readRounds(file string, top *yaml.Node) {
	for _, r := range items(get(top, "rounds")) {
		name := str(get(r, "name"))
		if id := str(get(r, "id")); id != "" {
			nc.rounds[id] = name
		}
		nc.addData(file, get(r, "registration_deadline"), kindDate, ctxKey(ctxRound, name, "deadline"), name+" 报名截止时间", "", "rounds.registration_deadline")
		for i, d := range items(get(r, "days")) {
			dn := get(d, "date")
			nc.addData(file, dn, kindDate, ctxKey(ctxRound, name, "date"), name, "", "rounds.days.date")
			for _, s := range items(get(d, "sessions")) {
				subject := str(get(s, "subject"))
				if n, ok := nc.subjects[subject]; ok {
					subject = n
				}
				for _, role := range []string{"start", "end"} {
					nc.addData(file, get(s, role), kindTime, ctxKey(ctxRound, name, strconv.Itoa(i), subject, role),
						fmt.Sprintf("%s %s %s %s", name, str(dn), subject, role), "", "rounds.days.sessions."+role)
				}
			}
		}
	}
}

// addData adds the value of the scalar n (if any) as a value of kind k in context ctx.
func (nc *noticeCheck) addData(file string, n *yaml.Node, k kind, ctx, desc, label, keys string) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Value == "" {
		return
	}
	raw := n.Value
	if k == kindFee {
		raw += " 元"
	}
	nc.data = append(nc.data, &item{token: token{kind: k, raw: raw, value: normalize(k, n.Value)}, pos: at(file, n),
		ctx: ctx, desc: desc, label: label, file: file, keys: keys})
}

// numberLabel names a number found outside a known context by its shape.
func numberLabel(t token) string {
	if t.kind != kindNumber {
		return ""
	}
	if phoneShaped(t.raw) {
		return "电话 "
	}
	return "号码 "
}

var roundPattern = regexp.MustCompile(`第[^第次\s]{1,4}次统考`)

// roundIn is the round a group name names (2024年9月第三次统考群 → 第三次统考), or the name.
func roundIn(name string) string {
	if m := roundPattern.FindString(name); m != "" {
		return m
	}
	return strings.TrimSpace(name)
}

// provinceKey identifies a contact by the provinces it covers, in any order.
func provinceKey(provinces []string) string {
	p := slices.Clone(provinces)
	for i := range p {
		p[i] = strings.TrimSpace(p[i])
	}
	slices.Sort(p)
	return strings.Join(p, "、")
}

var (
	sectionPattern   = regexp.MustCompile(`^([一二三四五六七八九十]+)、(.+)$`)
	groupNamePattern = regexp.MustCompile(`^群名称\s*[:：]\s*(.*)$`)
	groupNoPattern   = regexp.MustCompile(`^群号\s*[:：]\s*(.*)$`)
	accountPattern   = regexp.MustCompile(`^账号\s*[:：]\s*(.*)$`)
	labelPattern     = regexp.MustCompile(`^(.+?)[:：](.*)$`)
	provinceSep      = regexp.MustCompile(`[、，,/\s]+`)
)

// sectionFiles says which data file carries a section of the notice, by a word of its heading.
var sectionFiles = []struct{ word, file string }{
	{"考试场次", "rounds.yaml"},
	{"考试内容", "notice.yaml"},
	{"流程", "process.yaml"},
	{"费用", "fees.yaml"},
	{"工作群", "groups.yaml"},
	{"联系", "contacts.yaml"},
}

// table is the state of a tab-separated table of the text while its rows are read.
type table struct {
	cols     map[string]int // column name → index
	rounds   bool           // the table of section 一; else the contact table of section 六
	round    string         // the round of the current row group
	day      int            // the index of the current exam day in the round, -1 before the first
	dayRaw   string         // the current exam day as written
	subject  string
	province string // contact table: the context key of the current row
	region   string // contact table: the current row's 区域 as written
}

// readText takes every value of the notice's text, in context where the text's layout gives one.
func (nc *noticeCheck) readText(ls []string) {
	file := nc.path("notice.yaml")
	var tab *table
	group := ""
	for i, line := range ls {
		ln := i + 1
		trimmed := strings.TrimSpace(line)
		tabbed := strings.Contains(line, "\t")
		if m := sectionPattern.FindStringSubmatch(trimmed); m != nil && !tabbed {
			file, tab, group = nc.path("notice.yaml"), nil, ""
			for _, s := range sectionFiles {
				if strings.Contains(m[2], s.word) {
					file = nc.path(s.file)
					break
				}
			}
		}
		if tab != nil && trimmed != "" && !tabbed {
			tab = nil
		}
		if t := header(line); t != nil {
			tab = t
			continue
		}
		if tab != nil {
			nc.row(tab, ln, line, file)
			continue
		}
		switch {
		case groupNamePattern.MatchString(trimmed):
			name := groupNamePattern.FindStringSubmatch(trimmed)[1]
			group = roundIn(name)
			nc.anchor(ctxKey(ctxGroup, group), ln)
			nc.loose(ln, name, file)
		case groupNoPattern.MatchString(trimmed):
			rest := groupNoPattern.FindStringSubmatch(trimmed)[1]
			nc.numbers(ln, rest, file, group != "", ctxKey(ctxGroup, group), group, "群号 ")
		case accountPattern.MatchString(trimmed):
			rest := accountPattern.FindStringSubmatch(trimmed)[1]
			nc.numbers(ln, rest, file, true, ctxKey(ctxAccount), "", "账号 ")
		case labelPattern.MatchString(trimmed) && hasPhone(trimmed):
			m := labelPattern.FindStringSubmatch(trimmed)
			label := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(m[1]), "联系方式"))
			nc.loose(ln, m[1], file)
			nc.numbers(ln, m[2], file, true, ctxKey(ctxOffice, label), label, "电话 ")
		default:
			nc.loose(ln, line, file)
		}
	}
}

// header returns a new table when line is the header row of the round table or the
// contact table.
func header(line string) *table {
	if !strings.Contains(line, "\t") {
		return nil
	}
	cols := map[string]int{}
	for i, c := range strings.Split(line, "\t") {
		if c = noticetext.HeaderName(c); c != "" {
			if _, ok := cols[c]; !ok {
				cols[c] = i
			}
		}
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := cols[n]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("统考阶段", "考核日期", "考核时间"):
		return &table{cols: cols, rounds: true, day: -1}
	case has("区域", "联系方式"):
		return &table{cols: cols}
	}
	return nil
}

// row reads one row of a table.
func (nc *noticeCheck) row(t *table, ln int, line, file string) {
	cells := strings.Split(line, "\t")
	cell := func(name string) string {
		if i, ok := t.cols[name]; ok && i < len(cells) {
			return cells[i]
		}
		return ""
	}
	col := map[int]string{}
	for name, i := range t.cols {
		col[i] = name
	}
	if !t.rounds {
		if region := strings.TrimSpace(cell("区域")); region != "" && strings.Trim(region, "-") != "" {
			t.province = ctxKey(ctxContact, provinceKey(provinceSep.Split(region, -1)))
			t.region = region
			nc.anchor(t.province, ln)
		}
		for i, c := range cells {
			if col[i] == "联系方式" && t.province != "" {
				nc.numbers(ln, c, file, true, t.province, t.region, "电话 ")
			} else {
				nc.loose(ln, c, file)
			}
		}
		return
	}
	if stage := strings.TrimSpace(cell("统考阶段")); stage != "" {
		t.round, t.day, t.dayRaw = stage, -1, ""
		nc.anchor(ctxKey(ctxRound, t.round, "date"), ln)
		nc.anchor(ctxKey(ctxRound, t.round, "deadline"), ln)
	}
	if s := strings.TrimSpace(cell("考试科目")); s != "" {
		t.subject = s
	}
	for i, c := range cells {
		toks := scan(c, nc.year)
		switch col[i] {
		case "考核日期":
			first := true
			for _, tk := range toks {
				if tk.kind != kindDate {
					nc.addText(ln, tk, "", "", file)
					continue
				}
				if first {
					t.day, t.dayRaw, first = t.day+1, tk.raw, false
				}
				nc.addText(ln, tk, ctxKey(ctxRound, t.round, "date"), t.round, file)
			}
		case "考核时间":
			for _, tk := range toks {
				if tk.kind != kindTime {
					nc.addText(ln, tk, "", "", file)
					continue
				}
				role := tk.role
				if role == "" {
					role = "start"
				}
				ctx := ctxKey(ctxRound, t.round, strconv.Itoa(t.day), t.subject, role)
				nc.anchor(ctx, ln)
				nc.addText(ln, tk, ctx, fmt.Sprintf("%s %s %s %s", t.round, t.dayRaw, t.subject, role), file)
			}
		case "报名截止时间":
			for _, tk := range toks {
				if tk.kind != kindDate {
					nc.addText(ln, tk, "", "", file)
					continue
				}
				nc.addText(ln, tk, ctxKey(ctxRound, t.round, "deadline"), t.round+" 报名截止时间", file)
			}
		default:
			for _, tk := range toks {
				nc.addText(ln, tk, "", "", file)
			}
		}
	}
}

// hasPhone reports whether s holds a value shaped like a phone number.
func hasPhone(s string) bool {
	for _, t := range scan(s, 0) {
		if t.kind == kindNumber && phoneShaped(t.raw) {
			return true
		}
	}
	return false
}

// numbers adds the values of s: its numbers in context ctx when inCtx, the rest loose.
func (nc *noticeCheck) numbers(ln int, s, file string, inCtx bool, ctx, desc, label string) {
	if inCtx {
		nc.anchor(ctx, ln)
	}
	for _, t := range scan(s, nc.year) {
		if t.kind == kindNumber && inCtx {
			it := nc.addText(ln, t, ctx, desc, file)
			it.label = label
			continue
		}
		nc.addText(ln, t, "", "", file)
	}
}

// loose adds the values of s outside a known context; a fee with its level is in the
// context of that level.
func (nc *noticeCheck) loose(ln int, s, file string) {
	for _, t := range scan(s, nc.year) {
		nc.addText(ln, t, "", "", file)
	}
}

func (nc *noticeCheck) addText(ln int, t token, ctx, desc, file string) *item {
	it := &item{token: t, pos: data.Pos{File: nc.textFile, Line: ln}, ctx: ctx, desc: desc, file: file}
	switch {
	case ctx == "" && t.kind == kindFee && t.role != "":
		it.ctx, it.desc = ctxKey(ctxFee, t.role), t.role
		nc.anchor(it.ctx, ln)
	case ctx == "":
		it.label = numberLabel(t)
	}
	if it.ctx != "" {
		it.file = nc.path(contextFile[strings.SplitN(it.ctx, ctxSep, 2)[0]])
	}
	nc.text = append(nc.text, it)
	return it
}

func (nc *noticeCheck) anchor(ctx string, ln int) {
	if _, ok := nc.anchors[ctx]; !ok {
		nc.anchors[ctx] = ln
	}
}

// exclude drops the values the notice's provenance.txt lists.
func (nc *noticeCheck) exclude(list []*notCarried) {
	keep := func(items []*item) []*item {
		out := items[:0]
		for _, it := range items {
			if !excluded(list, it) {
				out = append(out, it)
			}
		}
		return out
	}
	nc.data, nc.text = keep(nc.data), keep(nc.text)
	for _, e := range list {
		if !e.used {
			what := e.what
			if e.key {
				what += ":"
			}
			nc.add(data.Pos{File: nc.listFile, Line: e.line}, "%s leaves out nothing in %s; remove this line", what, e.file)
		}
	}
}

// match compares the values: in each context, data and text as multisets; a data value of
// prose and a text value outside every context need only be on the other side somewhere.
func (nc *noticeCheck) match() {
	type group struct{ data, text []*item }
	groups := map[string]*group{}
	var order []string
	grp := func(ctx string) *group {
		g, ok := groups[ctx]
		if !ok {
			g = &group{}
			groups[ctx] = g
			order = append(order, ctx)
		}
		return g
	}
	for _, it := range nc.data {
		if it.ctx != "" && !it.prose {
			grp(it.ctx).data = append(grp(it.ctx).data, it)
		}
	}
	for _, it := range nc.text {
		if it.ctx != "" {
			grp(it.ctx).text = append(grp(it.ctx).text, it)
		}
	}
	for _, ctx := range order {
		g := groups[ctx]
		used := make([]bool, len(g.text))
		var dl []*item
	next:
		for _, d := range g.data {
			for j, t := range g.text {
				if !used[j] && t.value == d.value {
					used[j] = true
					continue next
				}
			}
			dl = append(dl, d)
		}
		var tl []*item
		for j, t := range g.text {
			if !used[j] {
				tl = append(tl, t)
			}
		}
		for i, d := range dl {
			if i < len(tl) {
				nc.add(d.pos, "%s%s is not in the notice; %s:%d has %s there; change one so that both say the same",
					d.shown(), d.context(), nc.textFile, tl[i].pos.Line, tl[i].shown())
				continue
			}
			nc.dataOnly(d)
		}
		for i := len(dl); i < len(tl); i++ {
			nc.textOnly(tl[i])
		}
	}
	for _, d := range nc.data {
		if !d.prose {
			continue
		}
		var hint *item
		found := false
		for _, t := range nc.text {
			if t.kind != d.kind || (d.ctx != "" && t.ctx != d.ctx) {
				continue
			}
			if t.value == d.value {
				found = true
				break
			}
			if hint == nil && d.ctx != "" {
				hint = t
			}
		}
		switch {
		case found:
		case hint != nil:
			nc.add(d.pos, "%s%s is not in the notice; %s:%d has %s there; change one so that both say the same",
				d.shown(), d.context(), nc.textFile, hint.pos.Line, hint.shown())
		default:
			nc.add(d.pos, "%s%s is not in the notice; add it to %s or list it in %s with the reason",
				d.shown(), d.context(), nc.textFile, nc.listFile)
		}
	}
	for _, t := range nc.text {
		if t.ctx != "" {
			continue
		}
		found := false
		for _, d := range nc.data {
			if d.kind == t.kind && d.value == t.value {
				found = true
				break
			}
		}
		if !found {
			nc.textOnly(t)
		}
	}
}

// elsewhere returns an item of items with the number of it in another context: a group
// or phone given to the wrong round or contact. Only numbers: a time or a date in another
// context is common and says nothing.
func elsewhere(it *item, items []*item) *item {
	if it.kind != kindNumber {
		return nil
	}
	for _, o := range items {
		if o.kind == it.kind && o.value == it.value && o.ctx != it.ctx && o.ctx != "" && !o.prose {
			return o
		}
	}
	return nil
}

// dataOnly reports a data value the text lacks.
func (nc *noticeCheck) dataOnly(d *item) {
	if t := elsewhere(d, nc.text); t != nil {
		nc.add(d.pos, "%s%s is not in the notice; %s:%d has it for %s; change one so that both say the same",
			d.shown(), d.context(), nc.textFile, t.pos.Line, t.desc)
		return
	}
	if ln, ok := nc.anchors[d.ctx]; ok {
		nc.add(d.pos, "%s%s is not in the notice; %s:%d has none there; add it there or remove it here",
			d.shown(), d.context(), nc.textFile, ln)
		return
	}
	what := d.desc
	if what == "" {
		what = strings.TrimSpace(d.label)
	}
	nc.add(d.pos, "%s%s is not in the notice; %s has no %s; add it there or remove it here",
		d.shown(), d.context(), nc.textFile, what)
}

// textOnly reports a text value the data lacks.
func (nc *noticeCheck) textOnly(t *item) {
	if d := elsewhere(t, nc.data); d != nil {
		nc.add(t.pos, "%s%s is not in %s; %s has it for %s; change one so that both say the same", t.shown(), t.context(), t.file, d.pos, d.desc)
		return
	}
	nc.add(t.pos, "%s%s is not in %s; add it there or list it in %s with the reason", t.shown(), t.context(), t.file, nc.listFile)
}
