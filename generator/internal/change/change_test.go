package change

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/timelinekit"
)

// theory2 is the second day's 理论考试 of 第一次统考 of the test notice (2025-05-09 08:30–09:30).
const theory2 = "2025h1-1.exam-2-theory@examnotice"

// TestRecord builds the test notice step after step, each edit on top of the last, as
// staff edit the data and run make: the record says exactly the changes of each step, on
// the step's edition date, and nothing when nothing changed; it is stale (Check) until the
// build commits it, and the same data and record give the same bytes.
func TestRecord(t *testing.T) {
	dir := t.TempDir()
	testkit.Copy(t, dir, testkit.FixtureData(testkit.Notice))
	moved := func(start, end int, updated string) func(t *testing.T, n *data.Notice) {
		return func(t *testing.T, n *data.Notice) {
			s := &n.Rounds[0].Days[1].Sessions[0]
			s.Start.Minutes, s.End.Minutes = start, end
			n.Meta.Updated = timelinekit.Date(t, updated)
		}
	}
	var state []func(t *testing.T, n *data.Notice) // every edit so far, applied in order
	steps := []struct {
		name      string
		edit      func(t *testing.T, n *data.Notice)
		added     int // changes this step records
		kind      Kind
		old, new  string // the texts of the last change
		sentence  string
		edition   string
		noteAdded string
	}{
		{name: "first build", added: 0},
		{name: "again, no edit", added: 0},
		{
			name: "one session moves", edit: func(t *testing.T, n *data.Notice) {
				moved(8*60, 9*60, "2025-03-08")(t, n)
				n.Meta.ChangeNote = "依据补充通知"
			},
			added: 1, kind: Moved, old: "5月9日（周五） 08:30–09:30", new: "08:00–09:00", edition: "2025-03-08",
			sentence: "调整：原定 5月9日（周五） 08:30–09:30，改为 08:00–09:00（2025年3月8日更新；依据补充通知）。",
		},
		{name: "again, no edit after the move", added: 0},
		{
			name: "the move reverted", edit: moved(8*60+30, 9*60+30, "2025-03-15"),
			added: 1, kind: MovedBack, old: "5月9日（周五） 08:00–09:00", new: "08:30–09:30", edition: "2025-03-15",
			sentence: "调整：由 5月9日（周五） 08:00–09:00 改回 08:30–09:30（2025年3月15日更新；依据补充通知）。",
		},
		{
			name: "the session cancelled", edit: func(t *testing.T, n *data.Notice) {
				n.Rounds[0].Days[1].Sessions[0].Status = data.StatusCancelled
				n.Meta.Updated, n.Meta.ChangeNote = timelinekit.Date(t, "2025-03-22"), ""
			},
			added: 1, kind: Cancelled, old: "5月9日（周五） 08:30–09:30", new: "08:30–09:30", edition: "2025-03-22",
			sentence: "调整：原定 5月9日（周五） 08:30–09:30，已取消（2025年3月22日更新）。",
		},
		{
			name: "the first exam day of 第二次统考 moves a day earlier", edit: func(t *testing.T, n *data.Notice) {
				n.Rounds[1].Days[0].Date = n.Rounds[1].Days[0].Date.AddDays(-1)
				n.Rounds[1].Days[0].Weekday = data.WeekdayLabel(n.Rounds[1].Days[0].Date)
				n.Meta.Updated = timelinekit.Date(t, "2025-03-29")
			},
			// Each milestone counted from the first exam day moves with it: 考核站点申报,
			// 缴费截止, 考场布置, 准考证打印, and the day's two sessions.
			added: -1,
		},
	}
	total := 0
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if step.edit != nil {
				state = append(state, step.edit)
			}
			notices := timelinekit.Notices(t, dir, func(n *data.Notice) {
				for _, e := range state {
					e(t, n)
				}
			})
			rec, record, err := Load(dir, notices)
			if err != nil {
				t.Fatal(err)
			}
			added := len(rec.Changes()) - total
			if step.added >= 0 && added != step.added {
				t.Fatalf("recorded %d changes, want %d: %+v", added, step.added, rec.Changes()[total:])
			}
			if step.added < 0 && added < 2 {
				t.Fatalf("recorded %d changes, want the day's sessions and the milestones counted from it", added)
			}
			checkErr := Check(dir, notices)
			if (checkErr != nil) != (added > 0 || step.name == "first build") {
				t.Errorf("Check before the build is recorded: %v", checkErr)
			}
			if checkErr != nil && !strings.Contains(checkErr.Error(), "data/changes.lock is out of date") || checkErr != nil && !strings.Contains(checkErr.Error(), "run `make` and commit it") {
				t.Errorf("Check says %q; it should name data/changes.lock and say to run make", checkErr)
			}
			if err := datafile.Write(record.Path, record.Text); err != nil {
				t.Fatal(err)
			}
			if err := Check(dir, notices); err != nil {
				t.Errorf("Check after the build is recorded: %v", err)
			}
			// The same data and record give the same bytes.
			again, _, err := Load(dir, notices)
			if err != nil {
				t.Fatal(err)
			}
			written, err := os.ReadFile(filepath.Join(dir, RecordFile))
			if err != nil {
				t.Fatal(err)
			}
			if string(again.marshal()) != string(written) {
				t.Errorf("reading the record back and building again changes it:\n%s\nwant\n%s", again.marshal(), written)
			}
			total = len(rec.Changes())
			if step.kind == "" {
				return
			}
			c, ok := rec.Latest(theory2)
			if !ok || c.Edition.String() != step.edition || c.Kind() != step.kind {
				t.Fatalf("the last change of %s is %+v (kind %s), want %s on %s", theory2, c, c.Kind(), step.kind, step.edition)
			}
			if old, new := c.Texts(2025); old != step.old || new != step.new {
				t.Errorf("Texts = %q, %q; want %q, %q", old, new, step.old, step.new)
			}
			if s := c.Sentence(2025); s != step.sentence {
				t.Errorf("Sentence =\n%s\nwant\n%s", s, step.sentence)
			}
		})
	}
}

// TestReadErrors: a damaged record is refused with its file, line and what was expected.
func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, line, want string
		at               string // the line the error names
	}{
		{"unknown keyword", "events a b c", "4 fields", ""},
		{"bad status", "event 2025h1-1.x@examnotice 2025-05-09 postponed", `status "postponed"`, ""},
		{"bad date", "event 2025h1-1.x@examnotice 2025-13-09 confirmed", "2025-13-09", ""},
		{"bad time", "event 2025h1-1.x@examnotice 2025-05-09T8:30-9:30 confirmed", `time "8:30-9:30"`, ""},
		{"twice", "event a 2025-05-09 confirmed\nevent a 2025-05-09 confirmed", "event a listed twice", ":6: "},
		{"bad edition", "change 2025-02-30 a 2025-05-09 confirmed 2025-05-10 confirmed", "edition", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, RecordFile)
			if err := os.WriteFile(path, []byte(header+tt.line+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			at := tt.at
			if at == "" {
				at = ":5: "
			}
			_, err := read(path)
			if err == nil || !strings.Contains(err.Error(), path+at) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "expected") {
				t.Fatalf("read = %v; want %s:5: … %s … expected …", err, path, tt.want)
			}
		})
	}
}
