package noticetext

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse: any text is read or refused with an *Error at a line of the text, never a
// panic; what is read has rounds with days and sessions, and ids of the scheme.
func FuzzParse(f *testing.F) {
	text := readValid(f)
	f.Add(text)
	f.Add(strings.Replace(text, "第三次统考\t9月25日 (周四)", "第三次统考\t9月25日\n(周四)", 1))
	f.Add(text[:len(text)/2])
	f.Add("一、\n二、\n三、\n四、\n五、\n六、\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s, updated)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("an error that is not an *Error: %v", err)
			}
			if lines := len(Lines(s)); pe.Line < 1 || pe.Line > lines {
				t.Fatalf("error at line %d of a text of %d lines: %v", pe.Line, lines, err)
			}
			return
		}
		if len(n.Rounds) == 0 || len(n.Groups.Groups) == 0 || len(n.Contacts.Regional) == 0 {
			t.Fatalf("read a notice without rounds, groups or contacts")
		}
		for _, r := range n.Rounds {
			if !strings.HasPrefix(r.ID, n.Meta.ID+"-") || len(r.Days) == 0 {
				t.Fatalf("round %q of notice %s has %d days", r.ID, n.Meta.ID, len(r.Days))
			}
			for _, d := range r.Days {
				if len(d.Sessions) == 0 || d.Weekday == "" {
					t.Fatalf("exam day %s of %s without sessions or weekday", d.Date, r.ID)
				}
			}
		}
	})
}
