package calendar

import (
	"bytes"
	"examnotice/generator/internal/testkit/timelinekit"
	"flag"
	"fmt"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden builds the test notice without a lock (so every SEQUENCE is 0) and compares,
// byte for byte, 第一次统考's feed, two single-event files (第一次统考's first session;
// 第二次统考's 报名截止, whose rule says the table's date differs from the process step) and
// the lock the build records with golden files in testdata/; and, of a build of the two
// notices, the feed of the newer notice, 2025h2 (its two rounds, stamped with its own
// `updated`). The golden lock is also checked as `generator check` checks a committed one.
// Run `go test -run Golden -update` to accept a deliberate change, and read the diff.
func TestGolden(t *testing.T) {
	notices, _ := loadNotice(t, nil)
	one, lock := published(t, t.TempDir(), notices)
	one[LockFile] = lock
	two, _ := generate(t, t.TempDir(), timelinekit.Notices(t, twoData, nil))
	tests := []struct {
		files        map[string][]byte
		file, golden string
	}{
		{one, "calendars/2025h1-1.ics", "testdata/2025h1-1.ics"},
		{one, "calendars/2025h1-1/exam-1-theory.ics", "testdata/2025h1-1.exam-1-theory.ics"},
		{one, "calendars/2025h1-2/registration.ics", "testdata/2025h1-2.registration.ics"},
		{one, LockFile, "testdata/" + LockFile},
		{two, "calendars/notices/2025h2.ics", "testdata/notices-2025h2.ics"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, ok := tt.files[tt.file]
			if !ok {
				t.Fatalf("no %s", tt.file)
			}
			if *update {
				if err := os.WriteFile(tt.golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(tt.golden)
			if err != nil {
				t.Fatalf("%v (run go test -run Golden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test -run Golden -update if the change is meant):\n%s", tt.file, tt.golden, firstDiff(got, want))
			}
		})
	}
	// testdata/calendar.lock records the test notice as it is: a committed lock passes.
	if err := CheckLock("testdata", notices, nil); err != nil {
		t.Errorf("testdata/%s: %v", LockFile, err)
	}
}

// firstDiff shows the first differing line of two files (CRLF or LF line ends).
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) && i < len(w); i++ {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("line %d:\n  got  %q\n  want %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}
