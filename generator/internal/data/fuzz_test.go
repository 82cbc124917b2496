package data

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// problemLine is what every loader problem must look like: file:line[:col]: message.
var problemLine = regexp.MustCompile(`^[^:\n]+\.yaml:\d+(:\d+)?: \S`)

// FuzzDecode feeds arbitrary bytes to the strict decoder as each kind of data file. No input
// may panic or hang, and every problem must name the file and a line.
func FuzzDecode(f *testing.F) {
	shared, _ := filepath.Glob("testdata/valid/*.yaml")
	own, _ := filepath.Glob("testdata/valid/notices/*/*.yaml")
	seeds := append(shared, own...)
	if len(seeds) != len(fileNames) {
		f.Fatalf("%d seed files in testdata/valid; want its %d data files", len(seeds), len(fileNames))
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"", "a: [", "rounds: &a [*a]", "\xef\xbb\xbfid: x", "\tid: x", "id: \xff", "---\n---\n", "rounds:\n  - {id: 2024h2-3, days: [{date: 2024-02-30}]}"} {
		f.Add([]byte(s))
	}
	targets := map[string]func() any{
		"notice.yaml":    func() any { return new(Meta) },
		"rounds.yaml":    func() any { return new(roundsFile) },
		"process.yaml":   func() any { return new(processFile) },
		"fees.yaml":      func() any { return new(Fees) },
		"groups.yaml":    func() any { return new(GroupList) },
		"contacts.yaml":  func() any { return new(Contacts) },
		"provinces.yaml": func() any { return new(provincesFile) },
		"workdays.yaml":  func() any { return new(workdaysFile) },
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for name, newTarget := range targets {
			for _, p := range decodeBytes(name, src, newTarget()) {
				if s := p.String(); !problemLine.MatchString(s) || !strings.HasPrefix(s, name+":") {
					t.Errorf("problem without file and line: %q", s)
				}
			}
		}
	})
}

// FuzzCheck replaces rounds.yaml of the notice 2024h2 of a valid library of two notices
// (testdata/valid with testdata/library) by arbitrary bytes and runs the checks of the
// library: every rule of each notice, the working-day rules and the rules across notices.
// No panic, and every problem and warning names a file and line. The other files are
// loaded once: decoding them on every input made the fuzzer crawl.
func FuzzCheck(f *testing.F) {
	dir := copyLibrary(f)
	base, err := Load(dir)
	if err != nil {
		f.Fatal(err)
	}
	if len(base.Notices) != 2 || base.Notices[0].Meta.ID != "2024h2" {
		f.Fatalf("the library holds %d notices; want 2024h2 and 2025h1", len(base.Notices))
	}
	path := filepath.Join(dir, "notices", "2024h2", "rounds.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	rounds := string(b)
	for _, seed := range []string{
		rounds,
		strings.Replace(rounds, "2024-09-26", "2031-09-26", 1),
		strings.Replace(rounds, `end: "15:00"`, `end: "14:00"`, 1),
		// Values of the other notice: a round number of another year, a round id, exam days
		// (第七次统考 on 2025h1's 第一次统考: two warnings).
		strings.Replace(rounds, "number: 3\n", "number: 1\n", 1),
		strings.Replace(rounds, "id: 2024h2-3\n", "id: 2025h1-1\n", 1),
		strings.NewReplacer(
			"date: 2024-12-20\n        weekday: 周五", "date: 2025-05-08\n        weekday: 周四",
			"date: 2024-12-21\n        weekday: 周六", "date: 2025-05-09\n        weekday: 周五").Replace(rounds),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var rf roundsFile
		probs := decodeBytes(path, src, &rf)
		if len(probs) == 0 {
			n := *base.Notices[0]
			n.Rounds = rf.Rounds
			lib := *base
			lib.Notices = []*Notice{&n, base.Notices[1]}
			warnings, err := lib.Check()
			if err != nil {
				probs = err.(Problems)
			}
			probs = append(probs, warnings...)
		}
		for _, p := range probs {
			if p.Pos.File == "" || p.Pos.Line == 0 {
				t.Errorf("problem without file and line: %q", p)
			}
		}
	})
}
