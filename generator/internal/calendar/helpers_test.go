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
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/timelinekit"
	"examnotice/generator/internal/timeline"

	ical "github.com/emersion/go-ical"
)

// testBase is the base URL the tests build for.
const testBase = "https://exam-notice.example.com/"

// fixtureData is the data/ of the test notice (generator/testdata/notice: 2025h1, two
// rounds), twoData that of the two notices (generator/testdata/two: the same 2025h1 and the
// newer 2025h2, two rounds, updated 2025-08-01), only ever read by these tests: they edit the
// loaded copy in memory, and keep their locks in temporary directories.
var (
	fixtureData = testkit.FixtureData(testkit.Notice)
	twoData     = testkit.FixtureData(testkit.Two)
)

// factsFile is the file of the facts of the notice id, transcribed by hand.
func factsFile(id string) string { return "testdata/notice-" + id + ".tsv" }

// loadNotice is loadNotices of the test notice: the one notice, and its rounds.
func loadNotice(t testing.TB, change func(n *data.Notice)) ([]timeline.Notice, []timeline.Round) {
	t.Helper()
	notices := timelinekit.Notices(t, fixtureData, change)
	if len(notices) != 1 {
		t.Fatalf("%s holds %d notices, want one", fixtureData, len(notices))
	}
	return notices, notices[0].Rounds
}

// generate builds the calendar files with the lock kept in lockDir.
func generate(t testing.TB, lockDir string, notices []timeline.Notice) (map[string][]byte, func() error) {
	t.Helper()
	files, lock, err := Generate(lockDir, notices, testBase, nil)
	if err != nil {
		t.Fatal(err)
	}
	return files, func() error { return datafile.Write(lock.Path, lock.Text) }
}

// published builds the calendar files with the lock kept in lockDir, records the lock as the
// build does once the site is published, and returns the files and the recorded lock.
func published(t testing.TB, lockDir string, notices []timeline.Notice) (map[string][]byte, []byte) {
	t.Helper()
	files, commit := generate(t, lockDir, notices)
	if err := commit(); err != nil {
		t.Fatal(err)
	}
	lock, err := os.ReadFile(filepath.Join(lockDir, LockFile))
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
// +08:00, the way testdata/notice-<id>.tsv write them. The parser loads the TZID itself.
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

// noticeFacts reads the facts files of the notices ids: uid → [DTSTART, DTEND].
func noticeFacts(t testing.TB, ids ...string) map[string][2]string {
	t.Helper()
	facts := map[string][2]string{}
	for _, id := range ids {
		name := factsFile(id)
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) != 3 {
				t.Fatalf("%s: bad line %q", name, line)
			}
			if !strings.HasPrefix(f[0], id+"-") {
				t.Fatalf("%s: %s is not an event of notice %s", name, f[0], id)
			}
			if _, dup := facts[f[0]]; dup {
				t.Fatalf("%s: %s twice", name, f[0])
			}
			facts[f[0]] = [2]string{f[1], f[2]}
		}
	}
	return facts
}
