package importer_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the independent parser loads TZID=Asia/Shanghai by name

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/provenance"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"

	ical "github.com/emersion/go-ical"
)

// fact is a line of a variant's facts, transcribed by hand: an event of its feed.
type fact struct {
	uid        string
	start, end string // instants (RFC 3339) of a session; days (inclusive) of a deadline or span
}

func readFacts(t *testing.T, path string) []fact {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var facts []fact
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		c := strings.Split(l, "\t")
		ft := fact{uid: c[0] + "@examnotice", start: c[1]}
		if len(c) > 2 {
			ft.end = c[2]
		}
		facts = append(facts, ft)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return facts
}

// feedEvents reads the feed file with the independent parser, events by UID.
func feedEvents(t *testing.T, file string) map[string]ical.Event {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := ical.NewDecoder(f).Decode()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	events := map[string]ical.Event{}
	for _, e := range cal.Events() {
		uid, err := e.Props.Text(ical.PropUID)
		if err != nil {
			t.Fatal(err)
		}
		events[uid] = e
	}
	return events
}

// TestVariants import notices in the issuer's template that differ from 2024h2 in all the
// template lets vary (another number of rounds, other session times, other offsets in
// section 三, a 证书颁发 after or within the publicity, other fees and payment days, a province
// moved between contacts, a contact added or removed), into the project of the test notice
// 2025h1 or into a project without a notice. Each is built, and the new notice's feed is read
// with the independent parser: every event at the instant that the facts transcribed by hand
// from the variant's text say.
func TestVariants(t *testing.T) {
	for _, tc := range []struct {
		file, id  string
		project   func(t *testing.T) string
		rounds    int
		contacts  int
		covers    map[string]string // province → the contact covering it
		fees      [3]int
		workdays  int
		estimated bool // 证书颁发 is 预计 (README §5)
	}{
		{"notice-2025h2.txt", "2025h2", func(t *testing.T) string { return testkit.Project(t, testkit.Notice) }, 3, 13,
			map[string]string{"晋": "鲍老师 15261893239", "闽": "孙老师 18205143751", "甘": "徐老师 13770531261"}, [3]int{300, 320, 350}, 5, false},
		{"notice-2026h1.txt", "2026h1", func(t *testing.T) string { return testkit.Empty(t) }, 2, 12,
			map[string]string{"皖": "高老师 13776658974", "晋": "鲍老师 15261893239"}, [3]int{260, 280, 310}, 10, true},
	} {
		t.Run(tc.id, func(t *testing.T) {
			root := tc.project(t)
			r := importInto(t, root, filepath.Join("testdata", "variants", tc.file))
			if r.ID != tc.id {
				t.Fatalf("imported %s; want %s", r.ID, tc.id)
			}
			lib, err := data.Load(project.Layout{Root: root}.Data())
			if err != nil {
				t.Fatal(err)
			}
			n, _ := lib.Notice(tc.id)
			if len(n.Rounds) != tc.rounds || len(n.Contacts.Regional) != tc.contacts {
				t.Errorf("%d rounds, %d regional contacts; want %d and %d", len(n.Rounds), len(n.Contacts.Regional), tc.rounds, tc.contacts)
			}
			covers := map[string]string{}
			for _, c := range n.Contacts.Regional {
				for _, p := range c.Provinces {
					covers[p] = c.Name + " " + string(c.Phone)
				}
			}
			for p, want := range tc.covers {
				if covers[p] != want {
					t.Errorf("%s is covered by %q; want %q", p, covers[p], want)
				}
			}
			if f := n.Fees.Levels; len(f) != 3 || [3]int{f[0].Yuan, f[1].Yuan, f[2].Yuan} != tc.fees || n.Fees.Deadline.WorkingDaysBefore != tc.workdays {
				t.Errorf("fees %+v, %d working days; want %v and %d", f, n.Fees.Deadline.WorkingDaysBefore, tc.fees, tc.workdays)
			}
			if cert := n.Process[len(n.Process)-1]; cert.Estimated != tc.estimated {
				t.Errorf("证书颁发 is estimated: %v; want %v", cert.Estimated, tc.estimated)
			}
			out, _, _ := buildkit.Build(t, root)
			events := feedEvents(t, filepath.Join(out, "calendars", "notices", tc.id+".ics"))
			facts := readFacts(t, filepath.Join("testdata", "variants", strings.TrimSuffix(tc.file, ".txt")+".tsv"))
			checkFacts(t, events, facts)
		})
	}
}

// checkFacts compares the events of a feed with the facts, both ways.
func checkFacts(t *testing.T, events map[string]ical.Event, facts []fact) {
	t.Helper()
	zone, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != len(facts) {
		t.Errorf("the feed has %d events; the facts %d", len(events), len(facts))
	}
	for _, f := range facts {
		e, ok := events[f.uid]
		if !ok {
			t.Errorf("the feed lacks %s", f.uid)
			continue
		}
		start, err := e.DateTimeStart(zone)
		if err != nil {
			t.Fatalf("%s: %v", f.uid, err)
		}
		end, err := e.DateTimeEnd(zone)
		if err != nil {
			t.Fatalf("%s: %v", f.uid, err)
		}
		if strings.Contains(f.start, "T") {
			ws, _ := time.Parse(time.RFC3339, f.start)
			we, _ := time.Parse(time.RFC3339, f.end)
			if !start.Equal(ws) || !end.Equal(we) {
				t.Errorf("%s is %s–%s; want %s–%s", f.uid, start, end, ws, we)
			}
			continue
		}
		last := f.start
		if f.end != "" {
			last = f.end
		}
		if got := start.Format(time.DateOnly); got != f.start {
			t.Errorf("%s starts on %s; want %s", f.uid, got, f.start)
		}
		if got := end.AddDate(0, 0, -1).Format(time.DateOnly); got != last {
			t.Errorf("%s ends on %s (inclusive); want %s", f.uid, got, last)
		}
	}
}

// TestMistakes imports the variant with two mistakes of the notice itself, a weekday label
// that does not match its date and a 实操考试 of 120 minutes: the import writes the notice,
// reports both at the data's file:line with the notice's line, and the build publishes
// nothing.
func TestMistakes(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	out, _, _ := buildkit.Build(t, root)
	before := testkit.Tree(t, out)
	_, err := importer.Import(importer.Options{Root: root, File: filepath.Join("testdata", "mistakes", "notice-2025h2.txt"), Updated: updated})
	ce := checkError(t, err)
	text := regexp.QuoteMeta(filepath.ToSlash(filepath.Join(root, "data", "notices", "2025h2", "notice-2025h2.txt")))
	for _, want := range []string{
		`rounds\.yaml:19:18: weekday label 周四 does not match 2025-09-26, which is a Friday; expected 周五 \(the notice's text: ` + text + `:16\)`,
		`rounds\.yaml:17:\d+: 实操考试 session 15:00–17:00 lasts 120 minutes; the notice gives 实操考试 150 minutes \(the notice's text: ` + text + `:15\)`,
	} {
		if !regexp.MustCompile(want).MatchString(ce.Error()) {
			t.Errorf("the import's problems lack %s:\n%s", want, ce)
		}
	}
	if len(ce.Problems) != 2 {
		t.Errorf("%d problems; want the 2 mistakes:\n%s", len(ce.Problems), ce)
	}
	if _, err := os.Stat(filepath.Join(root, "data", "notices", "2025h2", "rounds.yaml")); err != nil {
		t.Errorf("the notice was not written for a person to correct: %v", err)
	}
	if _, log, err := buildkit.Run(root, pipeline.Options{Out: out}); err == nil || !strings.Contains(err.Error(), "weekday label 周四 does not match 2025-09-26") {
		t.Errorf("the build of the mistaken notice: %v; want it refused\n%s", err, log)
	}
	testkit.Unchanged(t, out, before)

	// A person corrects the data, with a note of each correction (docs/数据维护.md "Add the next notice
	// with the importer"): then it checks against the notice's text and builds.
	rounds, list := "data/notices/2025h2/rounds.yaml", "data/notices/2025h2/provenance.txt"
	testkit.Edit(t, root, rounds, `end: "17:00"`, `end: "17:30"`)
	testkit.Edit(t, root, rounds, "weekday: 周四  # notice-2025h2.txt:16", "weekday: 周五  # the notice says 周四; 2025-09-26 is a Friday")
	testkit.Edit(t, root, list, "\nupdated: ", "\n17:30 "+rounds+":17 the issuer confirmed 17:30\n17:00 data/notices/2025h2/notice-2025h2.txt:15 the notice's mistake, corrected in rounds.yaml\nupdated: ")
	if err := provenance.Check(root); err != nil {
		t.Errorf("the corrected data does not agree with the notice's text:\n%v", err)
	}
	buildkit.Build(t, root)
}

// TestProvinceTwice: a province the notice gives to two contacts is reported at the second
// contact's line of contacts.yaml, with the notice's line.
func TestProvinceTwice(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	file := filepath.Join(t.TempDir(), "notice-2025h2.txt")
	testkit.Copy(t, file, variant)
	testkit.Edit(t, filepath.Dir(file), "notice-2025h2.txt", "徐老师\t甘、新、青、藏、宁\t", "徐老师\t甘、新、青、藏、宁、晋\t")
	_, err := importer.Import(importer.Options{Root: root, File: file, Updated: updated})
	ce := checkError(t, err)
	text := regexp.QuoteMeta(filepath.ToSlash(filepath.Join(root, "data", "notices", "2025h2", "notice-2025h2.txt")))
	want := `contacts\.yaml:\d+:\d+: province 晋 \(山西省\) is covered twice \(also on line \d+\); expected each province once \(the notice's text: ` + text + `:95\)`
	if !regexp.MustCompile(want).MatchString(ce.Error()) || len(ce.Problems) != 1 {
		t.Errorf("the import's problems:\n%s\nwant only %s", ce, want)
	}
}
