package check_test

import (
	"errors"
	"strings"
	"testing"

	"examnotice/generator/internal/check"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// The one check, on copies of the test notice: after a build it passes; before one, the
// records a build keeps are stale, which only SkipRecords (the importer's) lets pass; a
// mistake of the rules and a value that differs from the notice's text are reported
// together, sorted, as data.Problems (which the importer annotates), records or not.
func TestData(t *testing.T) {
	built := testkit.Project(t, testkit.Notice)
	buildkit.Build(t, built)
	fresh := testkit.Project(t, testkit.Notice)
	wrong := testkit.Project(t, testkit.Notice)
	buildkit.Build(t, wrong)
	testkit.Edit(t, wrong, "data/notices/2025h1/rounds.yaml", "date: 2025-05-08\n        weekday: 周四", "date: 2025-05-08\n        weekday: 周五")
	testkit.Edit(t, wrong, "data/notices/2025h1/rounds.yaml", `date: 2025-05-09
        weekday: 周五
        sessions:
          - {subject: theory, start: "08:30", end: "09:30"`, `date: 2025-05-09
        weekday: 周五
        sessions:
          - {subject: theory, start: "08:00", end: "09:00"`)
	for _, tt := range []struct {
		name     string
		root     string
		opt      check.Options
		problems int      // data.Problems wanted; 0 for another error or none
		wants    []string // what the error says; none when the data checks
	}{
		{name: "after a build", root: built},
		{name: "after a build, records skipped", root: built, opt: check.Options{SkipRecords: true}},
		{name: "before a build", root: fresh, wants: []string{"data/calendar.lock is out of date", "data/changes.lock is out of date", "data/public-urls.txt is out of date", "run `make` and commit it"}},
		{name: "before a build, records skipped", root: fresh, opt: check.Options{SkipRecords: true}},
		{name: "a rule and the text", root: wrong, problems: 3, wants: []string{"rounds.yaml:12:18: weekday label 周五 does not match 2025-05-08", "08:00", "notice-2025h1.txt:16"}},
		{name: "a rule and the text, records skipped", root: wrong, opt: check.Options{SkipRecords: true}, problems: 3, wants: []string{"weekday label 周五"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := check.Data(project.Layout{Root: tt.root}, tt.opt)
			if len(tt.wants) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Notices) != 1 || p.Notices[0].Meta.ID != "2025h1" {
					t.Errorf("prepared %d notices; want the test notice", len(p.Notices))
				}
				return
			}
			if err == nil {
				t.Fatal("the data checks; want it refused")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error does not say %q:\n%v", w, err)
				}
			}
			var probs data.Problems
			if got := errors.As(err, &probs); got != (tt.problems > 0) || len(probs) != tt.problems {
				t.Errorf("%d data.Problems (%v); want %d:\n%v", len(probs), got, tt.problems, err)
			}
			if len(probs) > 0 && !slicesSorted(probs) {
				t.Errorf("the problems are not sorted:\n%v", err)
			}
		})
	}
}

// slicesSorted says whether the problems are in the order data.Problems.Sorted gives.
func slicesSorted(ps data.Problems) bool { return ps.Sorted().Error() == ps.Error() }
