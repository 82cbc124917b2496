package noticetext

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/data"
)

const valid = "testdata/valid/notice-2025h2.txt"

var updated, _ = data.ParseDate("2026-12-01")

func readValid(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(valid)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestValid reads the valid notice: its id, its rounds with their numbers, ids and days, and
// the line each was read from.
func TestValid(t *testing.T) {
	n, err := Parse(readValid(t), updated)
	if err != nil {
		t.Fatal(err)
	}
	if n.Meta.ID != "2025h2" || n.Meta.Year != 2025 || n.Meta.SourceFile != "notice-2025h2.txt" {
		t.Errorf("notice %s of %d from %s; want 2025h2 of 2025 from notice-2025h2.txt", n.Meta.ID, n.Meta.Year, n.Meta.SourceFile)
	}
	for i, want := range []struct {
		id, first, weekday string
		number, line       int
	}{
		{"2025h2-3", "2025-09-25", "周四", 3, 14},
		{"2025h2-4", "2025-10-16", "周四", 4, 18}, // its weekday label on the row below (a line break in the cell)
		{"2025h2-5", "2025-11-27", "周四", 5, 23},
	} {
		if i >= len(n.Rounds) {
			t.Fatalf("%d rounds; want 3", len(n.Rounds))
		}
		r := n.Rounds[i]
		if r.ID != want.id || r.Number != want.number || r.Days[0].Date.String() != want.first || r.Days[0].Weekday != want.weekday || r.Keys.At.Line != want.line || len(r.Days) != 2 {
			t.Errorf("round %d: %s (%d) from %s %s, line %d, %d days; want %s (%d) from %s %s, line %d, 2 days",
				i, r.ID, r.Number, r.Days[0].Date, r.Days[0].Weekday, r.Keys.At.Line, len(r.Days), want.id, want.number, want.first, want.weekday, want.line)
		}
	}
	if len(n.Rounds) != 3 {
		t.Errorf("%d rounds; want 3", len(n.Rounds))
	}
}

// TestSplitRow: a row that a line break inside its date cell split in two reads as one row.
func TestSplitRow(t *testing.T) {
	text := strings.Replace(readValid(t), "第三次统考\t9月25日 (周四)\t初级", "第三次统考\t9月25日\n(周四)\t初级", 1)
	n, err := Parse(text, updated)
	if err != nil {
		t.Fatal(err)
	}
	d := n.Rounds[0].Days[0]
	if d.Date.String() != "2025-09-25" || d.Weekday != "周四" || len(d.Sessions) != 2 || d.Sessions[0].Start.String() != "13:30" {
		t.Errorf("the split row reads as %s %s with %d sessions; want 2025-09-25 周四 with 2, the first at 13:30", d.Date, d.Weekday, len(d.Sessions))
	}
}

// invalidCase is a file of testdata/invalid: an edit of the valid notice and the error it
// must cause.
type invalidCase struct {
	Replace string `yaml:"replace"`
	With    string `yaml:"with"`
	Want    string `yaml:"want"`    // line N[, cell C]
	Message string `yaml:"message"` // part of the message
}

func TestInvalid(t *testing.T) {
	paths, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no invalid cases: %v", err)
	}
	text := readValid(t)
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".yaml"), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var c invalidCase
			if err := yaml.Unmarshal(b, &c); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(text, c.Replace); n != 1 {
				t.Fatalf("the valid notice holds %q %d times; an edit needs exactly one", c.Replace, n)
			}
			_, err = Parse(strings.Replace(text, c.Replace, c.With, 1), updated)
			if err == nil {
				t.Fatalf("no error; want %s: …%s…", c.Want, c.Message)
			}
			if !strings.HasPrefix(err.Error(), c.Want+": ") || !strings.Contains(err.Error(), c.Message) {
				t.Errorf("got %q; want %s: …%s…", err, c.Want, c.Message)
			}
		})
	}
}

// TestChineseNumber reads the round numbers of a year and refuses what is not a numeral.
func TestChineseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"一", 1, true}, {"三", 3, true}, {"十", 10, true}, {"十二", 12, true}, {"二十", 20, true},
		{"二十三", 23, true}, {"九十九", 99, true}, {"", 0, false}, {"一十", 0, false}, {"十十", 0, false}, {"五六", 0, false}, {"3", 0, false},
	} {
		got, ok := chineseNumber(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("chineseNumber(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestHeaderWithBreak: a header cell with a line break in Word, which the .docx reader joins
// with a space (报名截止 时间), is the column it names.
func TestHeaderWithBreak(t *testing.T) {
	text := readValid(t)
	broken := strings.Replace(text, "\t报名截止时间", "\t报名截止 时间", 1)
	if broken == text {
		t.Fatal("the valid notice has no header cell 报名截止时间")
	}
	n, err := Parse(broken, updated)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse(text, updated)
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Rounds) != len(want.Rounds) || n.Rounds[0].RegistrationDeadline != want.Rounds[0].RegistrationDeadline {
		t.Errorf("read %d rounds, the first closing %v; want %d, %v", len(n.Rounds), n.Rounds[0].RegistrationDeadline, len(want.Rounds), want.Rounds[0].RegistrationDeadline)
	}
}

// TestBounds: a schedule beyond what a notice holds is refused as it is read, at the first
// row beyond the bound, whatever follows (a document of 115,000 rows in a few tenths of a
// second: see the importer's BenchmarkImportOversized).
func TestBounds(t *testing.T) {
	const first = "第三次统考\t9月25日 (周四)\t初级\t理论考试\t13:30-14:30\t9月10日\n"
	valid := readValid(t)
	if !strings.Contains(valid, first) {
		t.Fatal("the valid notice has no first row " + first)
	}
	after := func(rows string) string { return strings.Replace(valid, first, first+rows, 1) }
	// The same round again and again: the bound is met before the numbers are compared.
	rounds := strings.Repeat(first, 65)
	for _, tc := range []struct{ name, text, want string }{
		{"table rows", after(strings.Repeat("\t\t中级\t实操考试\t15:00-17:30\t\n", 1001)), "line 1014: the table of section 一、考试场次及级别 has more than 1000 rows"},
		{"rounds", after(rounds), "more than 60 rounds"},
		{"days", after(strings.Repeat("\t9月26日 (周五)\t初级\t理论考试\t09:00-10:00\t\n", 7)), "第三次统考 has more than 7 exam days"},
		{"sessions", after(strings.Repeat("\t\t中级\t实操考试\t15:00-17:30\t\n", 20)), "the exam day 9月25日 has more than 20 sessions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.text, updated)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v; want an error saying %q", err, tc.want)
			}
		})
	}
}
