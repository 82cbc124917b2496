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

// FuzzCheck replaces rounds.yaml of a valid data directory by arbitrary bytes and runs the
// checker and the working-day rules: no panic, and every problem names a file and line. The
// other files are decoded once: decoding them on every input made the fuzzer crawl.
func FuzzCheck(f *testing.F) {
	srcs := map[string][]byte{}
	for _, name := range fileNames {
		b, err := os.ReadFile(filepath.Join("testdata/valid", name))
		if err != nil {
			f.Fatal(err)
		}
		srcs[name] = b
	}
	base, probs := decodeFiles("data", srcs)
	if len(probs) > 0 {
		f.Fatal(probs)
	}
	rounds := string(srcs["rounds.yaml"])
	f.Add([]byte(rounds))
	f.Add([]byte(strings.Replace(rounds, "2024-09-26", "2031-09-26", 1)))
	f.Add([]byte(strings.Replace(rounds, `end: "15:00"`, `end: "14:00"`, 1)))
	f.Fuzz(func(t *testing.T, src []byte) {
		var rf roundsFile
		probs := decodeBytes("data/rounds.yaml", src, &rf)
		if len(probs) == 0 {
			n := *base
			n.Rounds = rf.Rounds
			if err := Check(&n); err != nil {
				probs = err.(Problems)
			}
		}
		for _, p := range probs {
			if p.Pos.File == "" || p.Pos.Line == 0 {
				t.Errorf("problem without file and line: %q", p)
			}
		}
	})
}
