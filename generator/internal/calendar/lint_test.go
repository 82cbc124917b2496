package calendar

import (
	"bytes"
	"examnotice/generator/internal/testkit/timelinekit"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var tzidParam = regexp.MustCompile(`;TZID=("[^"]*"|[^;:]*)`)

// lint checks one .ics file's bytes the way a strict client reads them, and returns the
// file's unfolded VEVENT blocks by UID.
func lint(b []byte) (problems []string, events map[string]string) {
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		bad("starts with a byte order mark")
	}
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		bad("does not end with CRLF")
	}
	if bytes.Count(b, []byte("\n")) != bytes.Count(b, []byte("\r\n")) || bytes.Count(b, []byte("\r")) != bytes.Count(b, []byte("\r\n")) {
		bad("has a bare LF or CR; lines must end with CRLF only")
	}
	var logical []string
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if len(line) > maxOctets {
			bad("line %d has %d octets, more than 75", i+1, len(line))
		}
		if !utf8.ValidString(line) {
			bad("line %d is not valid UTF-8 on its own (folded inside a character?)", i+1)
		}
		if line == "" {
			bad("line %d is empty", i+1)
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(logical) == 0 {
				bad("line %d continues nothing", i+1)
				continue
			}
			logical[len(logical)-1] += line[1:]
			continue
		}
		logical = append(logical, line)
	}
	if len(logical) < 2 || logical[0] != "BEGIN:VCALENDAR" || logical[len(logical)-1] != "END:VCALENDAR" {
		bad("is not one VCALENDAR")
	}
	zones := map[string]bool{}
	used := map[string]bool{}
	events = map[string]string{}
	var block []string
	uid := ""
	for _, l := range logical {
		switch {
		case l == "BEGIN:VEVENT":
			block, uid = []string{l}, ""
			continue
		case strings.HasPrefix(l, "TZID:"):
			zones[strings.TrimPrefix(l, "TZID:")] = true
		}
		for _, m := range tzidParam.FindAllStringSubmatch(l, -1) {
			used[strings.Trim(m[1], `"`)] = true
		}
		if block == nil {
			continue
		}
		block = append(block, l)
		if strings.HasPrefix(l, "UID:") {
			uid = strings.TrimPrefix(l, "UID:")
		}
		if l == "END:VEVENT" {
			if uid == "" {
				bad("a VEVENT has no UID")
			} else if _, dup := events[uid]; dup {
				bad("UID %s twice", uid)
			}
			events[uid] = strings.Join(block, "\n")
			block = nil
		}
	}
	for z := range used {
		if !zones[z] {
			bad("TZID=%s has no VTIMEZONE", z)
		}
	}
	return problems, events
}

// TestLint checks every generated file of the test notice and of the two notices: CRLF
// only, no line over 75 octets, every physical line valid UTF-8 on its own, no BOM, every
// TZID with its VTIMEZONE, UIDs unique in each file; across files a UID always names the
// same event (a round's feed, its notice's feed, all.ics and the event's own file carry it
// identically), and no two milestones, of one notice or of two, share one.
func TestLint(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			notices := timelinekit.Notices(t, fx.dir, nil)
			files, _ := generate(t, t.TempDir(), notices)
			rounds, milestones := 0, 0
			for _, n := range notices {
				rounds += len(n.Rounds)
				for _, r := range n.Rounds {
					milestones += len(r.Milestones)
				}
			}
			if want := 1 + len(notices) + rounds + milestones; len(files) != want {
				t.Errorf("%d files, want %d (all.ics, a feed per notice, a feed per round, a file per milestone)", len(files), want)
			}
			seen := map[string]string{} // UID → the VEVENT as first seen
			for _, p := range sortedPaths(files) {
				if !strings.HasPrefix(p, "calendars/") || !strings.HasSuffix(p, ".ics") {
					t.Errorf("unexpected path %s", p)
				}
				problems, events := lint(files[p])
				for _, pr := range problems {
					t.Errorf("%s: %s", p, pr)
				}
				if len(events) == 0 {
					t.Errorf("%s: no events", p)
				}
				for u, ev := range events {
					if first, ok := seen[u]; ok && first != ev {
						t.Errorf("%s: UID %s names a different event than elsewhere:\n%s\n---\n%s", p, u, ev, first)
					}
					seen[u] = ev
				}
			}
			if len(seen) != milestones {
				t.Errorf("%d distinct UIDs for %d milestones", len(seen), milestones)
			}
		})
	}
}

// TestLintCatches proves the lint can fail: each broken file is reported.
func TestLintCatches(t *testing.T) {
	ev := "BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n"
	wrap := func(body string) string { return "BEGIN:VCALENDAR\r\n" + body + "END:VCALENDAR\r\n" }
	tests := []struct {
		name, file, want string
	}{
		{"good", wrap(ev), ""},
		{"bare LF", strings.ReplaceAll(wrap(ev), "\r\n", "\n"), "bare LF"},
		{"BOM", "\xEF\xBB\xBF" + wrap(ev), "byte order mark"},
		{"long line", wrap("BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:" + strings.Repeat("x", 70) + "\r\nEND:VEVENT\r\n"), "more than 75"},
		{"cut in a character", wrap("BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:考\xE8\r\n \xAF\x95\r\nEND:VEVENT\r\n"), "not valid UTF-8"},
		{"duplicate UID", wrap(ev + ev), "UID a twice"},
		{"TZID without VTIMEZONE", wrap("BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Asia/Shanghai:20240926T140000\r\nEND:VEVENT\r\n"), "no VTIMEZONE"},
		{"no final CRLF", strings.TrimSuffix(wrap(ev), "\r\n"), "does not end with CRLF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, _ := lint([]byte(tt.file))
			got := strings.Join(problems, "; ")
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("lint says %q, want %q", got, tt.want)
			}
		})
	}
}
