package synthetic

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/timeline"
)

// The synthetic projects pass the real loader, the checker of each notice and across
// notices, and the timeline, without warnings (so no exam day of one notice falls on
// another's), at every size the benchmarks use: made from the test notice
// (generator/testdata/notice: 2025h1, whose workdays.yaml has the 2025 arrangement only) and
// from the real project, which the benchmarks use.
func TestProjectsPassTheChecker(t *testing.T) {
	sources := map[string]string{
		"test notice": testkit.FixtureData(testkit.Notice),
		"real data":   project.Layout{Root: testkit.Root()}.Data(),
	}
	sizes := []struct{ notices, rounds int }{{1, 10}, {10, 10}, {100, 10}, {1, 1000}}
	for name, src := range sources {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", name, size.notices, size.rounds), func(t *testing.T) {
				if testing.Short() && size.notices*size.rounds > 100 {
					t.Skip("a large project; not with -short")
				}
				checkProject(t, src, size.notices, size.rounds)
			})
		}
	}
}

func checkProject(t *testing.T, src string, notices, rounds int) {
	source, err := data.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	srcYears := map[int]string{}
	for _, y := range source.Workdays {
		srcYears[y.Year] = y.Source
	}
	srcWorkdays, err := os.ReadFile(filepath.Join(src, "workdays.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := writeData(dir, src, notices, rounds); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"calendar.lock", "public-urls.txt"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("a fresh synthetic data directory has a %s (%v)", name, err)
		}
	}
	if got, err := os.ReadFile(filepath.Join(dir, "workdays.yaml")); err != nil || !bytes.HasPrefix(got, bytes.TrimRight(srcWorkdays, "\n")) {
		t.Errorf("workdays.yaml does not start with the source's years as they are (%v)", err)
	}
	lib, err := data.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	warnings, err := lib.Check()
	if err != nil {
		t.Fatal(err)
	}
	derived, more, err := timeline.DeriveAll(lib)
	if err != nil {
		t.Fatal(err)
	}
	if warnings = append(warnings, more...); len(warnings) > 0 {
		t.Errorf("%d warnings, the first: %v", len(warnings), warnings[0])
	}
	if len(derived) != notices {
		t.Fatalf("%d notices, want %d", len(derived), notices)
	}
	template := source.Notices[0]
	total := 0
	for i, n := range derived {
		dir := filepath.Base(n.Dir)
		if n.Meta.ID != dir {
			t.Errorf("notice %s is in the folder %s", n.Meta.ID, dir)
		}
		if len(n.Rounds) != rounds || len(n.Groups.Groups) != rounds {
			t.Errorf("notice %s: %d rounds, %d groups; want %d of each", n.Meta.ID, len(n.Rounds), len(n.Groups.Groups), rounds)
		}
		if i > 0 && !derived[i-1].LastDay().After(n.Rounds[len(n.Rounds)-1].LastDay.Time) {
			t.Errorf("notice %s does not end before the newer %s", n.Meta.ID, derived[i-1].Meta.ID)
		}
		for _, name := range fixed {
			want, err := os.ReadFile(filepath.Join(template.Dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if got, err := os.ReadFile(filepath.Join(n.Dir, name)); err != nil || !bytes.Equal(got, want) {
				t.Errorf("notice %s: %s is not the template's, unchanged (%v)", n.Meta.ID, name, err)
			}
		}
		if text, err := os.ReadFile(filepath.Join(n.Dir, n.Meta.SourceFile)); err != nil || !bytes.HasPrefix(text, []byte(textHeader)) {
			t.Errorf("notice %s: its text %s does not say it is synthetic (%v)", n.Meta.ID, n.Meta.SourceFile, err)
		}
		for _, r := range n.Rounds {
			if len(r.Days) != 2 || len(r.Milestones) != 11 {
				t.Errorf("round %s: %d days, %d milestones; want 2 days, 11 milestones", r.ID, len(r.Days), len(r.Milestones))
			}
		}
		total += len(n.Rounds)
	}
	if total != notices*rounds {
		t.Errorf("%d rounds in all, want %d", total, notices*rounds)
	}
	// The oldest notice is in the template's half-year.
	if got, want := derived[len(derived)-1].Meta.ID, template.Meta.ID; halfID.MatchString(want) && got != want {
		t.Errorf("the oldest notice is %s, want the template's half-year %s", got, want)
	}
	years := map[int]string{}
	for _, y := range lib.Workdays {
		years[y.Year] = y.Source
	}
	for y, s := range srcYears {
		if years[y] != s {
			t.Errorf("the source's %d arrangement is not kept: %q, want %q", y, years[y], s)
		}
	}
	for _, n := range derived {
		for _, r := range n.Rounds {
			for _, m := range r.Milestones {
				y := m.EndDate.Year()
				if src, ok := years[y]; !ok {
					t.Errorf("%s %s on %s: no working-day data for its year", r.ID, m.ID, m.EndDate)
				} else if _, real := srcYears[y]; !real && src != syntheticSource {
					t.Errorf("year %d is not labelled synthetic: %q", y, src)
				}
			}
		}
	}
}
