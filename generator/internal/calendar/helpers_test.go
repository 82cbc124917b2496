package calendar

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the independent parser loads TZID=Asia/Shanghai by name

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/timeline"

	ical "github.com/emersion/go-ical"
)

// testBase is the base URL the tests build for.
const testBase = "https://exam-notice.example.com/"

// fixtureData is the data/ of the test notice (generator/testdata/notice: 2025h1, two
// rounds), only ever read by these tests: they edit the loaded copy in memory, and keep
// their locks in temporary directories.
var fixtureData = filepath.Join(testkit.Fixture(testkit.Notice), "data")

// factsFile holds the test notice's facts, transcribed by hand.
const factsFile = "testdata/notice-2025h1.tsv"

// loadNotice loads and checks the test notice and derives its timeline; change, if set,
// edits the loaded copy (in memory) first.
func loadNotice(t testing.TB, change func(n *data.Notice)) (*data.Notice, []timeline.Round) {
	t.Helper()
	n, err := data.Load(fixtureData)
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(n)
	}
	if err := data.Check(n); err != nil {
		t.Fatal(err)
	}
	rounds, _, err := timeline.Derive(n)
	if err != nil {
		t.Fatal(err)
	}
	return n, rounds
}

// generate builds the calendar files with the lock kept in lockDir.
func generate(t testing.TB, lockDir string, n *data.Notice, rounds []timeline.Round) (map[string][]byte, func() error) {
	t.Helper()
	files, commit, err := Generate(lockDir, n, rounds, testBase)
	if err != nil {
		t.Fatal(err)
	}
	return files, commit
}

// published builds the calendar files with the lock kept in lockDir, records the lock as the
// build does once the site is published, and returns the files and the recorded lock.
func published(t testing.TB, lockDir string, n *data.Notice, rounds []timeline.Round) (map[string][]byte, []byte) {
	t.Helper()
	files, commit := generate(t, lockDir, n, rounds)
	if err := commit(); err != nil {
		t.Fatal(err)
	}
	lock, err := os.ReadFile(filepath.Join(lockDir, lockFile))
	if err != nil {
		t.Fatal(err)
	}
	return files, lock
}

// sortedPaths lists the files' paths in order, for stable subtests.
func sortedPaths(files map[string][]byte) []string {
	var ps []string
	for p := range files {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// parse reads an .ics file with the independent parser (emersion/go-ical).
func parse(t testing.TB, name string, b []byte) *ical.Calendar {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("%s: the independent parser refuses it: %v", name, err)
	}
	return cal
}

// eventsByUID indexes a parsed calendar's events, failing on a UID seen twice.
func eventsByUID(t testing.TB, name string, cal *ical.Calendar) map[string]ical.Event {
	t.Helper()
	out := map[string]ical.Event{}
	for _, e := range cal.Events() {
		u, err := e.Props.Text(ical.PropUID)
		if err != nil || u == "" {
			t.Fatalf("%s: event without UID (%v)", name, err)
		}
		if _, dup := out[u]; dup {
			t.Fatalf("%s: UID %s twice", name, u)
		}
		out[u] = e
	}
	return out
}

func text(t testing.TB, c *ical.Component, prop string) string {
	t.Helper()
	p := c.Props.Get(prop)
	if p == nil {
		t.Fatalf("%s: no %s", c.Name, prop)
	}
	s, err := p.Text()
	if err != nil {
		t.Fatalf("%s %s: %v", c.Name, prop, err)
	}
	return s
}

// when reads DTSTART or DTEND: a date (all day) as YYYY-MM-DD, a date-time as RFC 3339 in
// +08:00, the way testdata/notice-2025h1.tsv writes them. The parser loads the TZID itself.
func when(t testing.TB, e ical.Event, prop string) string {
	t.Helper()
	p := e.Props.Get(prop)
	if p == nil {
		t.Fatalf("no %s", prop)
	}
	tm, err := p.DateTime(time.UTC)
	if err != nil {
		t.Fatalf("%s %q: %v", prop, p.Value, err)
	}
	if p.ValueType() == ical.ValueDate {
		return tm.Format("2006-01-02")
	}
	return tm.In(time.FixedZone("", 8*3600)).Format(time.RFC3339)
}

// noticeFacts reads factsFile: uid → [DTSTART, DTEND].
func noticeFacts(t testing.TB) map[string][2]string {
	t.Helper()
	b, err := os.ReadFile(factsFile)
	if err != nil {
		t.Fatal(err)
	}
	facts := map[string][2]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("%s: bad line %q", factsFile, line)
		}
		if _, dup := facts[f[0]]; dup {
			t.Fatalf("%s: %s twice", factsFile, f[0])
		}
		facts[f[0]] = [2]string{f[1], f[2]}
	}
	return facts
}
