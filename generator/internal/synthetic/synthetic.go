// Package synthetic writes made-up notices of any size, for benchmarks and tests only: the
// generator itself never uses it, and nothing it writes belongs in the project's data/.
//
// A synthetic notice is the real notice (notice.yaml, process.yaml, fees.yaml, contacts.yaml,
// provinces.yaml, copied unchanged) with N generated rounds in place of the real ones, one QQ
// group per round, and workdays.yaml extended with synthetic years for every year the rounds
// reach. The rounds pass the real checker: ids <notice id>-<n>, weekday labels that match
// their dates, rounds in date order, a registration deadline before the first exam day, and
// on each of the two days a 60-minute 理论考试 and a 150-minute 实操考试.
package synthetic

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/testkit"
)

// First is the first exam day of round 1: the real notice's first round (第三次统考), a Thursday.
var firstDay = time.Date(2024, 9, 26, 0, 0, 0, 0, time.UTC)

// Every is the distance between the first days of two consecutive rounds. A round takes two
// days (Thursday and Friday), so the next one starts a week later.
const roundEvery = 7 * 24 * time.Hour

// RegistrationLead is how long before its first exam day a round's registration closes. It
// is the process table's "考试前 14 日", so synthetic rounds raise no warnings.
const registrationLead = 14 * 24 * time.Hour

// Source labels every year this package adds to workdays.yaml: weekends off, no
// holidays, no make-up days. It is not the State Council's arrangement for that year.
const syntheticSource = "合成数据（仅用于基准测试）：周六、周日休息，无节假日与调休；不是国务院的节假日安排"

// fixed are the data files copied unchanged from the real notice.
var fixed = []string{"notice.yaml", "process.yaml", "fees.yaml", "contacts.yaml", "provinces.yaml"}

// weekdays are the notice's weekday labels, indexed by time.Weekday.
var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// Project makes dst a project root with n synthetic rounds: hugo.toml, content/ and themes/
// copied from the real root src, and a data/ written by WriteData. dst has no calendar.lock
// and no .build/: the first build writes them.
func Project(dst, src string, n int) error {
	for _, name := range []string{"hugo.toml", "content", "themes"} {
		if err := testkit.CopyTree(filepath.Join(dst, name), filepath.Join(src, name)); err != nil {
			return err
		}
	}
	return writeData(filepath.Join(dst, "data"), filepath.Join(src, "data"), n)
}

// WriteData writes a data directory with n rounds into dst, taking the fixed files and the
// real workdays.yaml from the data directory src. dst gets no calendar.lock.
func writeData(dst, src string, n int) error {
	if n < 1 {
		return fmt.Errorf("synthetic notice of %d rounds: expected at least one", n)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dst, err)
	}
	for _, name := range fixed {
		if err := testkit.CopyTree(filepath.Join(dst, name), filepath.Join(src, name)); err != nil {
			return err
		}
	}
	var notice struct {
		ID string `yaml:"id"`
	}
	if err := readYAML(filepath.Join(src, "notice.yaml"), &notice); err != nil {
		return err
	}
	real, err := os.ReadFile(filepath.Join(src, "workdays.yaml"))
	if err != nil {
		return fmt.Errorf("reading the real working-day data: %w", err)
	}
	workdays, err := workdaysYAML(real, lastYear(n))
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"rounds.yaml":   roundsYAML(notice.ID, n),
		"groups.yaml":   groupsYAML(notice.ID, n),
		"workdays.yaml": workdays,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	return nil
}

// Day returns the first exam day of round i (1-based).
func roundDay(i int) time.Time { return firstDay.Add(time.Duration(i-1) * roundEvery) }

// LastYear is the last year a notice of n rounds reaches: the year of its last round's
// certificates (成绩公示 ends 14 days after the last exam day, 证书颁发 5 days later).
func lastYear(n int) int { return roundDay(n).AddDate(0, 0, 1+14+5).Year() }

// Rounds is rounds.yaml with rounds 1..n of the notice id: two consecutive days each, the
// first in the afternoon, the second in the morning, as in the real notice.
func roundsYAML(id string, n int) []byte {
	var b bytes.Buffer
	b.WriteString("# SYNTHETIC rounds for benchmarks (generator/internal/synthetic); not the notice.\nrounds:\n")
	for i := 1; i <= n; i++ {
		first := roundDay(i)
		second := first.AddDate(0, 0, 1)
		fmt.Fprintf(&b, "  - id: %s-%d\n    name: 第%d次统考\n    number: %d\n    registration_deadline: %s\n    days:\n",
			id, i, i, i, first.Add(-registrationLead).Format(time.DateOnly))
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

// GroupNumber is the QQ group number of round i: nine digits, different for every round
// below 290,000.
func groupNumber(i int) string { return fmt.Sprint(710_000_000 + 1009*i) }

// Groups is groups.yaml with one QQ group per round, without join links.
func groupsYAML(id string, n int) []byte {
	var b bytes.Buffer
	b.WriteString("# SYNTHETIC groups for benchmarks (generator/internal/synthetic); not the notice.\n")
	b.WriteString("intro: 请计划参加考试的试点院校 QQ 扫码加入考试工作群，各统考群二维码如下：\ngroups:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  - {round: %s-%d, name: 第%d次统考群, number: \"%s\"}\n", id, i, i, groupNumber(i))
	}
	return b.Bytes()
}

// Workdays returns the real workdays.yaml with a synthetic year appended for every year after
// its last one up to last: weekends only, labelled Source. The real years are kept
// as they are.
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
		return nil, fmt.Errorf("the real working-day data lists no year")
	}
	b := bytes.NewBuffer(bytes.TrimRight(real, "\n"))
	b.WriteString("\n")
	for y := have + 1; y <= last; y++ {
		fmt.Fprintf(b, "  - year: %d\n    source: %s\n    holidays: []\n    workdays: []\n", y, syntheticSource)
	}
	return b.Bytes(), nil
}

func readYAML(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	return nil
}
