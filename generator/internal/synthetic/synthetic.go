// Package synthetic writes made-up projects of any size, for benchmarks and tests only: the
// generator itself never uses it, and nothing it writes belongs in the project's data/.
//
// A synthetic project holds N notices of M rounds each, in the layout of the real data/: the
// shared provinces.yaml and workdays.yaml (and workdays-<year>.txt) at the top, and one
// folder data/notices/<id>/ per notice. Each notice takes the fixed files of a template
// notice of the real project (process.yaml, fees.yaml, contacts.yaml copied unchanged, its
// notice.yaml with id, year, titles and source_file rewritten, its text under the new name
// with a line saying it is synthetic) and gets M generated rounds with one QQ group each.
// workdays.yaml is extended with synthetic years for every year the rounds reach.
//
// The notices pass the real checker, alone and across notices: ids <year>h1 and <year>h2,
// one notice per half-year from the template's, newest last; round ids <notice id>-<number>,
// numbered 1.. by the first notice of a year and on by the next; QQ group numbers unique
// across all notices; weekday labels that match their dates, rounds a week apart in date
// order, a registration deadline 14 days before the first exam day (the process table's
// rule, so no warning), on each of the two days a 60-minute 理论考试 and a 150-minute
// 实操考试; and no exam day of one notice on another's (a notice whose rounds do not fit in
// its half-year runs on, and the next one starts in the half-year after its last round).
// A fresh synthetic project has no calendar.lock and no public-urls.txt: its first build
// writes both.
package synthetic

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
)

// halfStarts are the months in which a half-year's rounds start: the first Thursday of March
// (上半年) and of September (下半年), late enough that every deadline before the first exam
// day (site application and registration 14 days before, the fee 7 working days before) falls
// in the same year, whose working-day data the real project has.
var halfStarts = [2]time.Month{time.March, time.September}

// roundEvery is the distance between the first days of two consecutive rounds of a notice.
// A round takes two days (Thursday and Friday), so the next one starts a week later.
const roundEvery = 7

// registrationLead is how many days before its first exam day a round's registration closes.
// It is the process table's "考试前 14 日", so synthetic rounds raise no warnings.
const registrationLead = 14

// afterLastDay is how many days after its last exam day a round's last milestone can fall
// (成绩公示 ends 14 days after it, 证书颁发 5 days later), with room to spare: the synthetic
// working-day data reaches that far.
const afterLastDay = 30

// syntheticSource labels every year this package adds to workdays.yaml: weekends off, no
// holidays, no make-up days. It is not the State Council's arrangement for that year.
const syntheticSource = "合成数据（仅用于基准测试）：周六、周日休息，无节假日与调休；不是国务院的节假日安排"

// textHeader starts every synthetic notice's text, before the template notice's own words.
const textHeader = "【合成数据，仅用于基准测试，不是任何真实通知】以下为模板通知的原文，日期与场次以本站数据为准。\n\n"

// fixed are the data files of the template notice copied unchanged into every notice.
var fixed = []string{"process.yaml", "fees.yaml", "contacts.yaml"}

// shared are the files at the top of the real data/ copied unchanged (workdays.yaml is
// extended; workdays-<year>.txt are copied too).
var shared = []string{"provinces.yaml"}

// weekdays are the notice's weekday labels, indexed by time.Weekday.
var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// Project makes dst a project root with notices synthetic notices of rounds rounds each:
// hugo.toml, content/ and themes/ copied from the real root src, and a data/ made from src's
// data/ (see the package doc). dst has no calendar.lock, no public-urls.txt and no .build/:
// the first build writes them.
func Project(dst, src string, notices, rounds int) error {
	for _, name := range []string{"hugo.toml", "content", "themes"} {
		if err := testkit.CopyTree(filepath.Join(dst, name), filepath.Join(src, name)); err != nil {
			return err
		}
	}
	return writeData(project.Layout{Root: dst}.Data(), project.Layout{Root: src}.Data(), notices, rounds)
}

// template is the notice of the real data directory the synthetic ones are made from: the
// first notice folder in name order.
type template struct {
	dir  string
	meta struct {
		ID         string `yaml:"id"`
		Year       int    `yaml:"year"`
		SourceFile string `yaml:"source_file"`
		Title      string `yaml:"title"`
	}
	notice []byte // its notice.yaml
	text   []byte // its text
}

func readTemplate(src string) (*template, error) {
	entries, err := os.ReadDir(filepath.Join(src, "notices"))
	if err != nil {
		return nil, fmt.Errorf("reading the notices of %s: %w", src, err)
	}
	t := &template{}
	for _, e := range entries {
		if e.IsDir() {
			t.dir = filepath.Join(src, "notices", e.Name())
			break
		}
	}
	if t.dir == "" {
		return nil, fmt.Errorf("%s has no notice folder to take the fixed files from", filepath.Join(src, "notices"))
	}
	if t.notice, err = os.ReadFile(filepath.Join(t.dir, "notice.yaml")); err != nil {
		return nil, fmt.Errorf("reading the template notice: %w", err)
	}
	if err := yaml.Unmarshal(t.notice, &t.meta); err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(t.dir, "notice.yaml"), err)
	}
	if t.meta.Year == 0 || t.meta.SourceFile == "" {
		return nil, fmt.Errorf("%s: the template notice has no year or no source_file", filepath.Join(t.dir, "notice.yaml"))
	}
	if t.text, err = os.ReadFile(filepath.Join(t.dir, t.meta.SourceFile)); err != nil {
		return nil, fmt.Errorf("reading the template notice's text: %w", err)
	}
	return t, nil
}

// plan is where every synthetic notice and round goes.
type plan struct {
	notices []noticePlan
	last    time.Time // the last exam day of all
}

type noticePlan struct {
	id   string
	year int
	half int // 1 or 2
	// rounds are the first exam days and numbers of its rounds.
	rounds []roundPlan
}

type roundPlan struct {
	number int
	first  time.Time
	group  int // the round's index across all notices, 1-based, for its QQ group number
}

// halfID matches a notice id of a half-year, as the real ones are (2024h2).
var halfID = regexp.MustCompile(`^(\d{4})h([12])$`)

// layOut places notices notices of rounds rounds each, the first in the template's half-year
// (its id's, else the first half of its year), each next one in the half-year after the
// previous one's last exam day.
func layOut(t *template, notices, rounds int) plan {
	half := t.meta.Year * 2 // half-years since year 0: year*2 is 上半年, year*2+1 下半年
	if m := halfID.FindStringSubmatch(t.meta.ID); m != nil && m[2] == "2" {
		half++
	}
	var p plan
	numbers := map[int]int{} // the last round number of each year
	group := 0
	for range notices {
		year, h := half/2, half%2
		n := noticePlan{id: fmt.Sprintf("%dh%d", year, h+1), year: year, half: h + 1}
		day := time.Date(year, halfStarts[h], 1, 0, 0, 0, 0, time.UTC)
		for day.Weekday() != time.Thursday {
			day = day.AddDate(0, 0, 1)
		}
		for i := range rounds {
			numbers[year]++
			group++
			n.rounds = append(n.rounds, roundPlan{number: numbers[year], first: day.AddDate(0, 0, i*roundEvery), group: group})
		}
		p.notices = append(p.notices, n)
		p.last = n.rounds[len(n.rounds)-1].first.AddDate(0, 0, 1)
		y, m, _ := p.last.Date()
		half = max(half+1, y*2+(int(m)-1)/6+1) // the half-year after the one of the last exam day
	}
	return p
}

// writeData writes a data directory of notices notices of rounds rounds each into dst,
// taking the shared files and the template notice from the data directory src. dst gets no
// calendar.lock and no public-urls.txt.
func writeData(dst, src string, notices, rounds int) error {
	if notices < 1 || rounds < 1 {
		return fmt.Errorf("synthetic project of %d notices of %d rounds: expected at least one of each", notices, rounds)
	}
	t, err := readTemplate(src)
	if err != nil {
		return err
	}
	p := layOut(t, notices, rounds)
	files := map[string][]byte{}
	for _, name := range shared {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return fmt.Errorf("reading the shared data: %w", err)
		}
		files[name] = b
	}
	texts, err := filepath.Glob(filepath.Join(src, "workdays-*.txt"))
	if err != nil {
		return err
	}
	for _, path := range texts {
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("reading the shared data: %w", err)
		}
		files[filepath.Base(path)] = b
	}
	real, err := os.ReadFile(filepath.Join(src, "workdays.yaml"))
	if err != nil {
		return fmt.Errorf("reading the real working-day data: %w", err)
	}
	if files["workdays.yaml"], err = workdaysYAML(real, p.last.AddDate(0, 0, afterLastDay).Year()); err != nil {
		return err
	}
	fixedFiles := make([][]byte, len(fixed))
	for i, name := range fixed {
		if fixedFiles[i], err = os.ReadFile(filepath.Join(t.dir, name)); err != nil {
			return fmt.Errorf("reading the template notice: %w", err)
		}
	}
	for _, n := range p.notices {
		dir := "notices/" + n.id + "/"
		for i, name := range fixed {
			files[dir+name] = fixedFiles[i]
		}
		source := "notice-" + n.id + ".txt"
		notice, err := noticeYAML(t, n, source)
		if err != nil {
			return err
		}
		files[dir+"notice.yaml"] = notice
		files[dir+source] = append([]byte(textHeader), t.text...)
		files[dir+"rounds.yaml"] = roundsYAML(n)
		files[dir+"groups.yaml"] = groupsYAML(n)
	}
	for name, b := range files {
		path := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return nil
}

// noticeYAML is the template's notice.yaml with the id, year, titles and source_file of
// the synthetic notice n; the rest (issuer, certificates, levels, exam) as it is.
func noticeYAML(t *template, n noticePlan, source string) ([]byte, error) {
	halfName := [...]string{"", "上", "下"}[n.half]
	values := map[string]any{
		"id":          n.id,
		"year":        n.year,
		"source_file": source,
		"title":       fmt.Sprintf("【合成数据，仅用于基准测试】%s（%s）", t.meta.Title, n.id),
		"short_title": fmt.Sprintf("%d年%s半年 合成统考 %s", n.year, halfName, n.id),
	}
	lines := strings.SplitAfter(string(t.notice), "\n")
	for key, v := range values {
		found := 0
		for i, line := range lines {
			value, ok := strings.CutPrefix(line, key+":")
			if !ok {
				continue
			}
			if value = strings.TrimSpace(value); value == "" || strings.ContainsAny(value[:1], ">|") {
				return nil, fmt.Errorf("%s: %s: is not on one line; the synthetic notices rewrite it", filepath.Join(t.dir, "notice.yaml"), key)
			}
			b, err := yaml.Marshal(v)
			if err != nil {
				return nil, err
			}
			lines[i] = key + ": " + string(b)
			found++
		}
		if found != 1 {
			return nil, fmt.Errorf("%s: %s: is at the top %d times; the synthetic notices rewrite it, and expect it once", filepath.Join(t.dir, "notice.yaml"), key, found)
		}
	}
	return []byte("# SYNTHETIC notice for benchmarks (generator/internal/synthetic), made from " + filepath.Base(t.dir) + "'s; not a notice.\n" + strings.Join(lines, "")), nil
}

// roundsYAML is rounds.yaml of the notice n: two consecutive days a round, the first in the
// afternoon, the second in the morning, as in the real notice.
func roundsYAML(n noticePlan) []byte {
	var b bytes.Buffer
	b.WriteString("# SYNTHETIC rounds for benchmarks (generator/internal/synthetic); not a notice.\nrounds:\n")
	for _, r := range n.rounds {
		first := r.first
		second := first.AddDate(0, 0, 1)
		fmt.Fprintf(&b, "  - id: %s\n    name: 第%d次统考\n    number: %d\n    registration_deadline: %s\n    days:\n",
			data.RoundID(n.id, r.number), r.number, r.number, first.AddDate(0, 0, -registrationLead).Format(time.DateOnly))
		for j, day := range []time.Time{first, second} {
			fmt.Fprintf(&b, "      - date: %s\n        weekday: %s\n        sessions:\n", day.Format(time.DateOnly), weekdays[day.Weekday()])
			if j == 0 {
				b.WriteString("          - {subject: theory, start: \"14:00\", end: \"15:00\", levels: [初级, 中级]}\n")
				b.WriteString("          - {subject: practical, start: \"15:30\", end: \"18:00\", levels: [初级, 中级]}\n")
			} else {
				b.WriteString("          - {subject: theory, start: \"08:30\", end: \"09:30\", levels: [初级, 中级]}\n")
				b.WriteString("          - {subject: practical, start: \"10:00\", end: \"12:30\", levels: [初级, 中级]}\n")
			}
		}
	}
	return b.Bytes()
}

// groupNumber is the QQ group number of the i-th round of all notices: nine digits,
// different for every round below 290,000.
func groupNumber(i int) string { return fmt.Sprint(710_000_000 + 1009*i) }

// groupsYAML is groups.yaml of the notice n: one QQ group per round, without join links.
func groupsYAML(n noticePlan) []byte {
	var b bytes.Buffer
	b.WriteString("# SYNTHETIC groups for benchmarks (generator/internal/synthetic); not a notice.\n")
	b.WriteString("intro: 请计划参加考试的试点院校 QQ 扫码加入考试工作群，各统考群二维码如下：\ngroups:\n")
	for _, r := range n.rounds {
		fmt.Fprintf(&b, "  - {round: %s, name: %d年第%d次统考群, number: \"%s\"}\n", data.RoundID(n.id, r.number), n.year, r.number, groupNumber(r.group))
	}
	return b.Bytes()
}

// workdaysYAML returns the real workdays.yaml with a synthetic year appended for every year
// after its last one up to last: weekends only, labelled syntheticSource. The real years are
// kept as they are.
func workdaysYAML(real []byte, last int) ([]byte, error) {
	var doc struct {
		Years []struct {
			Year int `yaml:"year"`
		} `yaml:"years"`
	}
	if err := yaml.Unmarshal(real, &doc); err != nil {
		return nil, fmt.Errorf("reading the real working-day data: %w", err)
	}
	have := 0
	for _, y := range doc.Years {
		have = max(have, y.Year)
	}
	if have == 0 {
		return nil, errors.New("the real working-day data lists no year")
	}
	b := bytes.NewBuffer(bytes.TrimRight(real, "\n"))
	b.WriteString("\n")
	for y := have + 1; y <= last; y++ {
		fmt.Fprintf(b, "  - year: %d\n    source: %s\n    holidays: []\n    workdays: []\n", y, syntheticSource)
	}
	return b.Bytes(), nil
}
