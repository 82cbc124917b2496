package calendar

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden compares 第三次统考's feed, built from the real data without a lock (so every
// SEQUENCE is 0), byte for byte with testdata/2024h2-3.ics. Run `go test -update` to accept
// a deliberate change, and read the diff.
func TestGolden(t *testing.T) {
	n, rounds := loadNotice(t, nil)
	files, _ := generate(t, t.TempDir(), n, rounds)
	tests := []struct{ file, golden string }{
		{"calendars/2024h2-3.ics", "testdata/2024h2-3.ics"},
		{"calendars/2024h2-3/exam-1-theory.ics", "testdata/2024h2-3.exam-1-theory.ics"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, ok := files[tt.file]
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
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test -update if the change is meant):\n%s", tt.file, tt.golden, firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows the first differing line of two files.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\r\n")), bytes.Split(want, []byte("\r\n"))
	for i := 0; i < len(g) && i < len(w); i++ {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("line %d:\n  got  %s\n  want %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}
