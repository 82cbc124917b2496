package data

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
)

// copyLibrary makes a valid library of two notices in a new temporary directory:
// testdata/valid (the shared files and the notice 2024h2) with the notice of
// testdata/library beside it (2025h1, a copy of the test notice of generator/testdata/notice:
// two rounds, 第一次统考 and 第二次统考 of 2025, its own groups and text).
func copyLibrary(t testing.TB) string {
	t.Helper()
	dir := copyValid(t)
	testkit.Copy(t, dir, filepath.Join("testdata", "library"))
	return dir
}

func TestLibrary(t *testing.T) {
	dir := copyLibrary(t)
	lib, err := Load(dir)
	if err != nil {
		t.Fatalf("the library does not load:\n%v", err)
	}
	warnings, err := lib.Check()
	if err != nil || len(warnings) > 0 {
		t.Fatalf("the library does not pass the checks:\n%v\nwarnings:\n%v", err, warnings)
	}
	var ids []string
	for _, n := range lib.Notices {
		ids = append(ids, n.Meta.ID)
		if want := filepath.Join(dir, NoticesDir, n.Meta.ID); n.Dir != want {
			t.Errorf("notice %s: Dir %s, want %s", n.Meta.ID, n.Dir, want)
		}
		if len(n.Provinces) != 31 || len(n.Workdays) != 2 {
			t.Errorf("notice %s carries %d provinces and %d years of working days; want the shared 31 and 2", n.Meta.ID, len(n.Provinces), len(n.Workdays))
		}
	}
	if !slices.Equal(ids, []string{"2024h2", "2025h1"}) {
		t.Errorf("notices %v; want 2024h2, 2025h1 (the order of their folders)", ids)
	}
	if len(lib.Provinces) != 31 || len(lib.Workdays) != 2 || lib.Workdays[0].Year != 2024 || lib.Workdays[1].Year != 2025 {
		t.Errorf("the library's shared data: %d provinces, %d years; want 31 and 2024, 2025", len(lib.Provinces), len(lib.Workdays))
	}
	if n, ok := lib.Notice("2025h1"); !ok || n != lib.Notices[1] {
		t.Error("Notice(2025h1) does not find the second notice")
	}
	if _, ok := lib.Notice("2025h2"); ok {
		t.Error("Notice(2025h2) finds a notice the library does not hold")
	}
}

// The test projects of generator/testdata load and pass every check without a warning: the
// one-notice fixture and the two notices of 2025 (2025h1 with 第一次, 第二次; 2025h2 with
// 第三次, 第四次, numbered on).
func TestFixtures(t *testing.T) {
	for name, want := range map[string][]string{testkit.Notice: {"2025h1"}, testkit.Two: {"2025h1", "2025h2"}} {
		lib, err := Load(testkit.FixtureData(name))
		if err != nil {
			t.Errorf("generator/testdata/%s does not load:\n%v", name, err)
			continue
		}
		warnings, err := lib.Check()
		if err != nil || len(warnings) > 0 {
			t.Errorf("generator/testdata/%s does not pass the checks:\n%v\nwarnings:\n%v", name, err, warnings)
		}
		var ids []string
		for _, n := range lib.Notices {
			ids = append(ids, n.Meta.ID)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("generator/testdata/%s holds the notices %v; want %v", name, ids, want)
		}
	}
}

// A change is one edit of a library directory.
type change func(t *testing.T, dir string)

// edit replaces old by new, once, in the file rel (slash-separated) of the directory.
func edit(rel, old, new string) change {
	return func(t *testing.T, dir string) { testkit.Edit(t, dir, rel, old, new) }
}

// remove deletes the file or folder rel.
func remove(rel string) change {
	return func(t *testing.T, dir string) {
		if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
}

// write creates the file rel with the contents s.
func write(rel, s string) change {
	return func(t *testing.T, dir string) {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// move renames the file or folder from to to.
func move(from, to string) change {
	return func(t *testing.T, dir string) {
		if err := os.Rename(filepath.Join(dir, filepath.FromSlash(from)), filepath.Join(dir, filepath.FromSlash(to))); err != nil {
			t.Fatal(err)
		}
	}
}

// copyFile copies the file from to to.
func copyFile(from, to string) change {
	return func(t *testing.T, dir string) {
		testkit.Copy(t, filepath.Join(dir, filepath.FromSlash(to)), filepath.Join(dir, filepath.FromSlash(from)))
	}
}

// The rules of the layout (Load) and across notices (Library.Check), each broken by a
// change of the valid two-notice library: every problem is listed, in order, with its
// file:line:col as the user sees it (the library's directory dropped).
func TestLibraryRules(t *testing.T) {
	const notice2, rounds2, groups2 = "notices/2025h1/notice.yaml", "notices/2025h1/rounds.yaml", "notices/2025h1/groups.yaml"
	tests := []struct {
		name     string
		changes  []change
		want     []string // the problems, all of them; none when the library must pass
		warnings []string // the warnings of a library that passes
	}{
		{name: "two notices with the same id",
			changes: []change{edit(notice2, "\nid: 2025h1\n", "\nid: 2024h2\n")},
			want: []string{
				`notices/2025h1/notice.yaml:5:5: notice id "2024h2" is also the id of notices/2024h2/notice.yaml:5:5; each notice has its own id`,
				`notices/2025h1/rounds.yaml:6:9: round id "2025h1-1" must start with the notice id and a hyphen and use only a-z, 0-9 and -; expected e.g. 2024h2-1`,
				`notices/2025h1/rounds.yaml:22:9: round id "2025h1-2" must start with the notice id and a hyphen and use only a-z, 0-9 and -; expected e.g. 2024h2-2`,
			}},
		{name: "a folder not named by the notice's id",
			changes: []change{move("notices/2025h1", "notices/2025h9")},
			want: []string{
				`notices/2025h9/notice.yaml:5:5: notice id "2025h1" is not the name of its folder notices/2025h9; name the folder by the id (notices/2025h1)`,
			}},
		// A round copied from the older notice with its id: the id no longer fits the notice
		// and is the other notice's round too.
		{name: "a round id used by two notices",
			changes: []change{edit(rounds2, "- id: 2025h1-1\n", "- id: 2024h2-3\n"), edit(groups2, "{round: 2025h1-1,", "{round: 2024h2-3,")},
			want: []string{
				`notices/2025h1/rounds.yaml:6:9: round id "2024h2-3" must start with the notice id and a hyphen and use only a-z, 0-9 and -; expected e.g. 2025h1-1`,
				`notices/2025h1/rounds.yaml:6:9: round id "2024h2-3" is also a round of notices/2024h2/rounds.yaml:8:9; a round id is a permanent URL and UID: give this one a new id`,
			}},
		// The rounds of a year are numbered on across its notices (2024h1 had 第一次 and
		// 第二次, 2024h2 has 第三次 to 第七次): in one year, 2025h1's 1 and 2 go with 2024h2's
		// 3 to 7 ...
		{name: "round numbers going on across the notices of a year",
			changes: []change{edit(notice2, "\nyear: 2025\n", "\nyear: 2024\n")}},
		// ... but a number used again is refused.
		{name: "a round number used twice in one year",
			changes: []change{edit(notice2, "\nyear: 2025\n", "\nyear: 2024\n"), edit(rounds2, "    number: 2\n", "    number: 3\n")},
			want: []string{
				`notices/2025h1/rounds.yaml:24:13: round number 3 of 2024 is also used at notices/2024h2/rounds.yaml:10:13; the rounds of one year are numbered on across its notices`,
			}},
		{name: "the same round number in another year",
			changes: []change{edit(rounds2, "    number: 2\n", "    number: 3\n")}},
		{name: "a QQ group of two notices",
			changes: []change{edit(groups2, `number: "123456789"`, `number: "912433171"`)},
			want: []string{
				`notices/2025h1/groups.yaml:4:52: QQ group 912433171 is also the group of a round at notices/2024h2/groups.yaml:7:52; each round has its own group`,
			}},
		// 第一次统考 of 2025h1 moved onto 2024-12-19/20 (周四, 周五), its second day the first
		// day of 2024h2's 第七次统考: a warning only.
		{name: "an exam day of two notices",
			changes: []change{
				edit(rounds2, "registration_deadline: 2025-04-24", "registration_deadline: 2024-12-05"),
				edit(rounds2, "date: 2025-05-08", "date: 2024-12-19"),
				edit(rounds2, "date: 2025-05-09", "date: 2024-12-20"),
			},
			warnings: []string{
				`notices/2025h1/rounds.yaml:16:15: 第一次统考: exam day 2024-12-20 is also an exam day of 第七次统考 in notice 2024h2; check both notices`,
			}},
		{name: "a notice without its text",
			changes: []change{remove("notices/2025h1/notice-2025h1.txt")},
			want: []string{
				`notices/2025h1/notice.yaml:13:14: the notice's text notices/2025h1/notice-2025h1.txt is missing; put the notice's text beside its data files, as source_file names it`,
			}},
		{name: "a notice's text outside its folder",
			changes: []change{move("notices/2025h1/notice-2025h1.txt", "notice-2025h1.txt"), edit(notice2, "source_file: notice-2025h1.txt", "source_file: ../../notice-2025h1.txt")},
			want: []string{
				`notices/2025h1/notice.yaml:13:14: source_file "../../notice-2025h1.txt" is not a file name; expected the name of the notice's text in its folder notices/2025h1, like notice-2025h1.txt`,
			}},
		{name: "an unknown data file at the top",
			changes: []change{write("extra.yaml", "a: 1\n")},
			want: []string{
				`extra.yaml: unknown data file; expected only provinces.yaml, workdays.yaml here`,
			}},
		{name: "an unknown data file in a notice's folder",
			changes: []change{write("notices/2025h1/extra.yml", "a: 1\n")},
			want: []string{
				`notices/2025h1/extra.yml: unknown data file; expected only contacts.yaml, fees.yaml, groups.yaml, notice.yaml, process.yaml, rounds.yaml in a notice's folder`,
			}},
		{name: "a notice's file left at the top",
			changes: []change{copyFile("notices/2025h1/rounds.yaml", "rounds.yaml")},
			want: []string{
				`rounds.yaml: unknown data file; a notice's files belong in its folder notices/<notice id>/`,
			}},
		// The layout before several notices: the notice's files at the top, no notices/.
		{name: "the layout of one notice",
			changes: []change{
				move("notices/2024h2/contacts.yaml", "contacts.yaml"), move("notices/2024h2/fees.yaml", "fees.yaml"),
				move("notices/2024h2/groups.yaml", "groups.yaml"), move("notices/2024h2/notice.yaml", "notice.yaml"),
				move("notices/2024h2/process.yaml", "process.yaml"), move("notices/2024h2/rounds.yaml", "rounds.yaml"),
				remove("notices"),
			},
			want: []string{
				`contacts.yaml: unknown data file; a notice's files belong in its folder notices/<notice id>/`,
				`fees.yaml: unknown data file; a notice's files belong in its folder notices/<notice id>/`,
				`groups.yaml: unknown data file; a notice's files belong in its folder notices/<notice id>/`,
				`notice.yaml: unknown data file; a notice's files belong in its folder notices/<notice id>/`,
				`notices: cannot read the notices (open notices: no such file or directory); expected one folder per notice, named by its id, e.g. notices/2024h2`,
				`process.yaml: unknown data file; a notice's files belong in its folder notices/<notice id>/`,
				`rounds.yaml: unknown data file; a notice's files belong in its folder notices/<notice id>/`,
			}},
		{name: "no notice",
			changes: []change{remove("notices/2024h2"), remove("notices/2025h1")},
			want: []string{
				`notices: no notice; expected one folder per notice, named by its id, e.g. notices/2024h2`,
			}},
		{name: "a file among the notices' folders",
			changes: []change{write("notices/notice.yaml", "id: 2025h2\n")},
			want: []string{
				`notices/notice.yaml: not a folder; notices/ holds one folder per notice`,
			}},
		{name: "a notice's folder without its files",
			changes: []change{remove("notices/2025h1/groups.yaml")},
			want: []string{
				`notices/2025h1/groups.yaml: cannot read the file (open notices/2025h1/groups.yaml: no such file or directory); a notice's folder holds contacts.yaml, fees.yaml, groups.yaml, notice.yaml, process.yaml, rounds.yaml and the notice's text`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyLibrary(t)
			for _, c := range tt.changes {
				c(t, dir)
			}
			rel := func(ps Problems) []string {
				var lines []string
				for _, p := range ps {
					lines = append(lines, strings.ReplaceAll(p.String(), dir+string(filepath.Separator), ""))
				}
				return lines
			}
			var warnings Problems
			lib, err := Load(dir)
			if err == nil {
				warnings, err = lib.Check()
			}
			var probs Problems
			if err != nil && !errors.As(err, &probs) {
				t.Fatalf("the error is not Problems: %v", err)
			}
			if got := rel(probs); !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if got := rel(warnings); !slices.Equal(got, tt.warnings) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.warnings, "\n"))
			}
		})
	}
}
