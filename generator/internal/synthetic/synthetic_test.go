package synthetic

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/timeline"
)

// The synthetic notices, made from the test notice (generator/testdata/notice: 2025h1, whose
// workdays.yaml has the 2025 arrangement only), pass the real loader, checker and timeline,
// without warnings, at every size the benchmarks use. First is moved to the test notice's
// first exam day, 2025-05-08 (a Thursday), since its working-day data starts in 2025.
func TestNoticesPassTheChecker(t *testing.T) {
	src := filepath.Join(testkit.Fixture(testkit.Notice), "data")
	first := firstDay
	firstDay = time.Date(2025, 5, 8, 0, 0, 0, 0, time.UTC)
	t.Cleanup(func() { firstDay = first })

	source, err := data.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	srcYears := map[int]string{}
	for _, y := range source.Workdays {
		srcYears[y.Year] = y.Source
	}
	if len(srcYears) != 1 || srcYears[2025] == "" {
		t.Fatalf("the test notice's workdays.yaml has the years %v; want 2025 only", srcYears)
	}
	srcWorkdays, err := os.ReadFile(filepath.Join(src, "workdays.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 10, 100, 1000} {
		dir := t.TempDir()
		if err := writeData(dir, src, n); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "calendar.lock")); !os.IsNotExist(err) {
			t.Errorf("%d rounds: a fresh synthetic data directory has a calendar.lock (%v)", n, err)
		}
		if got, err := os.ReadFile(filepath.Join(dir, "workdays.yaml")); err != nil || !bytes.HasPrefix(got, bytes.TrimRight(srcWorkdays, "\n")) {
			t.Errorf("%d rounds: workdays.yaml does not start with the source's years as they are (%v)", n, err)
		}
		for _, name := range fixed {
			want, err := os.ReadFile(filepath.Join(src, name))
			if err != nil {
				t.Fatal(err)
			}
			if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, want) {
				t.Errorf("%d rounds: %s is not the source's, unchanged (%v)", n, name, err)
			}
		}
		notice, err := data.Load(dir)
		if err != nil {
			t.Fatalf("%d rounds: %v", n, err)
		}
		if err := data.Check(notice); err != nil {
			t.Fatalf("%d rounds: %v", n, err)
		}
		rounds, warnings, err := timeline.Derive(notice)
		if err != nil {
			t.Fatalf("%d rounds: %v", n, err)
		}
		if len(rounds) != n || len(notice.Groups.Groups) != n || len(warnings) != 0 {
			t.Errorf("%d rounds: got %d rounds, %d groups, warnings %v", n, len(rounds), len(notice.Groups.Groups), warnings)
		}
		if got := rounds[0].FirstDay.String(); got != "2025-05-08" {
			t.Errorf("%d rounds: round 1 starts on %s, want First, 2025-05-08", n, got)
		}
		last := rounds[len(rounds)-1]
		if want := "2025h1-" + strconv.Itoa(n); last.ID != want || len(last.Days) != 2 || len(last.Milestones) != 11 {
			t.Errorf("%d rounds: last round %s with %d days, %d milestones; want %s with 2 days, 11 milestones", n, last.ID, len(last.Days), len(last.Milestones), want)
		}
		years := map[int]string{}
		for _, y := range notice.Workdays {
			years[y.Year] = y.Source
		}
		for y, s := range srcYears {
			if years[y] != s {
				t.Errorf("%d rounds: the source's %d arrangement is not kept: %q, want %q", n, y, years[y], s)
			}
		}
		for _, r := range rounds {
			for _, m := range r.Milestones {
				if src, ok := years[m.EndDate.Year()]; !ok {
					t.Errorf("%d rounds: %s %s on %s: no working-day data for its year", n, r.ID, m.ID, m.EndDate)
				} else if m.EndDate.Year() > 2025 && src != syntheticSource {
					t.Errorf("%d rounds: year %d is not labelled synthetic: %q", n, m.EndDate.Year(), src)
				}
			}
		}
	}
}
