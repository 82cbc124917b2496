package synthetic

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/timeline"
)

// The synthetic notices pass the real loader, checker and timeline, without warnings, at
// every size the benchmarks use.
func TestNoticesPassTheChecker(t *testing.T) {
	for _, n := range []int{1, 10, 100, 1000} {
		dir := t.TempDir()
		if err := WriteData(dir, filepath.Join("..", "..", "..", "data"), n); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "calendar.lock")); !os.IsNotExist(err) {
			t.Errorf("%d rounds: a fresh synthetic data directory has a calendar.lock (%v)", n, err)
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
		last := rounds[len(rounds)-1]
		if want := notice.Meta.ID + "-" + strconv.Itoa(n); last.ID != want || len(last.Days) != 2 || len(last.Milestones) != 11 {
			t.Errorf("%d rounds: last round %s with %d days, %d milestones; want %s with 2 days, 11 milestones", n, last.ID, len(last.Days), len(last.Milestones), want)
		}
		years := map[int]string{}
		for _, y := range notice.Workdays {
			years[y.Year] = y.Source
		}
		if !strings.HasPrefix(years[2024], "国务院办公厅") {
			t.Errorf("%d rounds: the real 2024 arrangement is not kept: %q", n, years[2024])
		}
		for _, r := range rounds {
			for _, m := range r.Milestones {
				if src, ok := years[m.EndDate.Year()]; !ok {
					t.Errorf("%d rounds: %s %s on %s: no working-day data for its year", n, r.ID, m.ID, m.EndDate)
				} else if m.EndDate.Year() > 2024 && src != Source {
					t.Errorf("%d rounds: year %d is not labelled synthetic: %q", n, m.EndDate.Year(), src)
				}
			}
		}
	}
}
