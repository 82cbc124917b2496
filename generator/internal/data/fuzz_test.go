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
	seeds, _ := filepath.Glob("testdata/valid/*.yaml")
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

// FuzzCheck loads a valid data directory with one file replaced by arbitrary bytes and runs
// the checker and the working-day rules: no panic, and every problem names a file and line.
func FuzzCheck(f *testing.F) {
	b, err := os.ReadFile("testdata/valid/rounds.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(strings.Replace(string(b), "2024-09-26", "2031-09-26", 1)))
	f.Add([]byte(strings.Replace(string(b), `end: "15:00"`, `end: "14:00"`, 1)))
	dir := copyValid(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if err := os.WriteFile(filepath.Join(dir, "rounds.yaml"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		err := loadAndCheck(dir)
		if err == nil {
			return
		}
		probs, ok := err.(Problems)
		if !ok {
			t.Fatalf("error of type %T: %v", err, err)
		}
		for _, p := range probs {
			if p.Pos.File == "" || p.Pos.Line == 0 {
				t.Errorf("problem without file and line: %q", p)
			}
		}
	})
}
