package importer_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/testkit"
)

// corrected is the day of the tests' corrections.
var corrected = mustDate("2026-12-07")

// imported imports the original notice into a new project and returns its root.
func imported(t *testing.T) string {
	t.Helper()
	root := testkit.Empty(t)
	importInto(t, root, realText(t))
	return root
}

// The correction of testdata/amend (9月27日's two sessions moved, 第五次's 报名截止 a day
// earlier, 高级 310 元), as text and as .docx: a dry run says what changes and writes
// nothing; the correction writes exactly the changed values, updated: and the text, and says
// the same; a second import of the same file changes nothing and says so.
// sourceComment is the comment that ends a line of the data read from the notice's text.
var sourceComment = regexp.MustCompile(`  # notice-2024h2\.txt:\d+$`)

func TestAmend(t *testing.T) {
	wantLines := []string{
		"第三次统考 理论考试：原定 9月27日（周五） 08:30–09:30，改为 09:00–10:00",
		"第三次统考 实操考试：原定 9月27日（周五） 10:00–12:30，改为 10:30–13:00",
		"第五次统考 报名截止：原定 11月9日（周六），改为 11月8日（周五）",
		"考试费用 高级：300 元 → 310 元",
	}
	// Every line the correction may change in the notice's folder, by file: the old line
	// and the new, in the data as the importer wrote it.
	wantDiff := map[string][2]string{
		"rounds.yaml:21":    {`start: "08:30", end: "09:30"`, `start: "09:00", end: "10:00"`},
		"rounds.yaml:22":    {`start: "10:00", end: "12:30"`, `start: "10:30", end: "13:00"`},
		"rounds.yaml:43":    {"registration_deadline: 2024-11-09", "registration_deadline: 2024-11-08"},
		"fees.yaml:8":       {"yuan: 300", "yuan: 310"},
		"fees.yaml:10":      {"高级 300 元/人次", "高级 310 元/人次"},
		"notice.yaml:13":    {"updated: 2026-12-01", "updated: 2026-12-07"},
		"notice-2024h2.txt": {},
	}
	for _, file := range []string{"corrected.txt", "corrected.docx"} {
		t.Run(file, func(t *testing.T) {
			root := imported(t)
			dir := filepath.Join(root, "data", "notices", "2024h2")
			before := testkit.Files(t, root)
			opt := importer.AmendOptions{Root: root, File: filepath.Join("testdata", "amend", file), Updated: corrected, DryRun: true}
			dry, err := importer.Amend(opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(testkit.Files(t, root), before) {
				t.Fatal("the dry run wrote")
			}
			for _, l := range wantLines {
				if !slices.Contains(dry.Lines, l) {
					t.Errorf("the dry run does not say %q:\n%s", l, dry)
				}
			}
			opt.DryRun = false
			r, err := importer.Amend(opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Lines, dry.Lines) {
				t.Errorf("the correction says\n%s\nthe dry run said\n%s", strings.Join(r.Lines, "\n"), strings.Join(dry.Lines, "\n"))
			}
			after := testkit.Files(t, root)
			written, deleted := testkit.Diff(before, after)
			if len(deleted) > 0 {
				t.Errorf("the correction deleted %v", deleted)
			}
			for _, name := range written {
				if filepath.Dir(filepath.Join(root, name)) != dir {
					t.Errorf("the correction wrote %s, outside the notice's folder", name)
				}
			}
			changed := map[string]bool{}
			for _, name := range written {
				base := filepath.Base(name)
				if !strings.HasSuffix(base, ".yaml") {
					changed[base] = true
					continue
				}
				old, new := strings.Split(before[name], "\n"), strings.Split(after[name], "\n")
				if len(old) != len(new) {
					t.Errorf("%s: %d lines, was %d: the correction changes values only", base, len(new), len(old))
					continue
				}
				for i := range old {
					// A line read from the text names its line there, which the
					// corrected text may have moved: checked below.
					old[i], new[i] = sourceComment.ReplaceAllString(old[i], ""), sourceComment.ReplaceAllString(new[i], "")
					if old[i] == new[i] {
						continue
					}
					key := base + ":" + strconv.Itoa(i+1)
					changed[key] = true
					w, ok := wantDiff[key]
					if !ok || !strings.Contains(old[i], w[0]) || !strings.Contains(new[i], w[1]) || strings.Replace(old[i], w[0], w[1], 1) != new[i] {
						t.Errorf("%s changed:\n-%s\n+%s", key, old[i], new[i])
					}
				}
			}
			for key := range wantDiff {
				if !changed[key] {
					t.Errorf("%s did not change", key)
				}
			}
			if got, _ := os.ReadFile(filepath.Join(dir, "notice-2024h2.txt")); file == "corrected.txt" && string(got) != readFile(t, opt.File) {
				t.Error("the notice's text is not the corrected one")
			}
			sameAsImported(t, dir, opt.File)

			again, err := importer.Amend(opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(again.Lines) != 0 || !strings.Contains(again.String(), "没有要修改") {
				t.Errorf("the same correction again: %s", again)
			}
			if !reflect.DeepEqual(testkit.Files(t, root), after) {
				t.Error("the same correction again wrote")
			}
		})
	}
}

// sameAsImported checks that the data files of the notice in dir, imported and then
// corrected with file, are what importing file writes: each line read from the text names
// where the corrected text has it.
func sameAsImported(t *testing.T, dir, file string) {
	t.Helper()
	fresh := testkit.Empty(t)
	if _, err := importer.Import(importer.Options{Root: fresh, File: file, Updated: corrected}); err != nil {
		t.Fatal(err)
	}
	imported := testkit.Files(t, filepath.Join(fresh, "data", "notices", "2024h2"))
	for name, text := range testkit.Files(t, dir) {
		if strings.HasSuffix(name, ".yaml") && text != imported[name] {
			t.Errorf("%s differs from %s imported afresh:\n%s", name, file, text)
		}
	}
}

// A correction that drops a published round, or is another half's notice, or holds a
// mistake the importer refuses, is refused and writes nothing; -cancel then marks the
// dropped round cancelled.
func TestAmendRefused(t *testing.T) {
	root := imported(t)
	mistake := filepath.Join(t.TempDir(), "mistake.txt")
	wrongDay := strings.Replace(readFile(t, filepath.Join("testdata", "amend", "corrected.txt")), "9月27日 (周五)", "9月27日 (周六)", 1)
	if err := os.WriteFile(mistake, []byte(wrongDay), 0o644); err != nil {
		t.Fatal(err)
	}
	before := testkit.Files(t, root)
	for _, tc := range []struct {
		name, file string
		cancel     []string
		wants      []string
	}{
		{"a round dropped", filepath.Join("testdata", "amend", "without-round-7.txt"), nil, []string{"2024h2-7", "-cancel 2024h2-7"}},
		{"another half", filepath.Join("testdata", "variants", "notice-2025h2.txt"), nil, []string{"2025h2", "去掉 -amend"}},
		{"a weekday that is not its date's", mistake, nil, []string{"rounds.yaml", "周五"}},
		{"a cancel of no round", filepath.Join("testdata", "amend", "corrected.txt"), []string{"2024h2-9"}, []string{"没有统考 2024h2-9"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := importer.Amend(importer.AmendOptions{Root: root, File: tc.file, Updated: corrected, Cancel: tc.cancel})
			var re *importer.RefusedError
			if !errors.As(err, &re) {
				t.Fatalf("got %v; want a refusal", err)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the refusal does not say %q:\n%v", w, err)
				}
			}
			if !strings.Contains(err.Error(), "什么也没有写入") {
				t.Errorf("the refusal does not say that nothing was written: %v", err)
			}
			if !reflect.DeepEqual(testkit.Files(t, root), before) {
				t.Error("a refused correction wrote")
			}
		})
	}
	r, err := importer.Amend(importer.AmendOptions{Root: root, File: filepath.Join("testdata", "amend", "without-round-7.txt"), Updated: corrected, Cancel: []string{"2024h2-7"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(r.Lines, "取消 第七次统考（2024h2-7）：它的全部日程标为已取消，订阅者的日历显示为取消") {
		t.Errorf("the cancel says\n%s", r)
	}
	rounds := readFile(t, filepath.Join(root, "data", "notices", "2024h2", "rounds.yaml"))
	if !strings.Contains(rounds, "    name: 第七次统考\n    number: 7\n    status: cancelled\n") {
		t.Errorf("round 2024h2-7 is not marked cancelled:\n%s", rounds)
	}
	if !strings.Contains(readFile(t, filepath.Join(root, "data", "notices", "2024h2", "groups.yaml")), "2024h2-7") {
		t.Error("the cancelled round's QQ group went")
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A round the correction adds gets the next number and id, with its QQ group, after the
// last round.
func TestAmendAddsRound(t *testing.T) {
	root := imported(t)
	r, err := importer.Amend(importer.AmendOptions{Root: root, File: filepath.Join("testdata", "amend", "with-round-8.txt"), Updated: corrected})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(r.Lines, "新增 第八次统考（2024h2-8）：12月27日（周五）、12月28日（周六），报名截止 12月13日（周五）") {
		t.Errorf("the correction says\n%s", r)
	}
	dir := filepath.Join(root, "data", "notices", "2024h2")
	rounds := readFile(t, filepath.Join(dir, "rounds.yaml"))
	if i, j := strings.Index(rounds, "id: 2024h2-7"), strings.Index(rounds, "\n  - id: 2024h2-8  # notice-2024h2.txt:35\n    name: 第八次统考\n    number: 8\n"); i < 0 || j < i {
		t.Errorf("round 2024h2-8 is not after 2024h2-7:\n%s", rounds)
	}
	if groups := readFile(t, filepath.Join(dir, "groups.yaml")); !strings.HasSuffix(groups, "  - {round: 2024h2-8, name: 2024年12月第八次统考群, number: \"912136100\"}  # notice-2024h2.txt:104\n") {
		t.Errorf("the group of 2024h2-8 is not the last:\n%s", groups)
	}
	sameAsImported(t, dir, filepath.Join("testdata", "amend", "with-round-8.txt"))
}

// Our own correction of a phone number, noted in provenance.txt as the README says, stays
// through a correction that moves the text's lines (a round added above): the entries name
// the lines of the data and of the corrected text where they are now.
func TestAmendMovesProvenance(t *testing.T) {
	root := imported(t)
	dir := filepath.Join(root, "data", "notices", "2024h2")
	contacts, provenance := filepath.Join(dir, "contacts.yaml"), filepath.Join(dir, "provenance.txt")
	const mine = `phone: "15850698633"}  # the issuer confirmed 15850698633`
	edited := strings.Replace(readFile(t, contacts), `phone: "15850698632"}  # notice-2024h2.txt:104`, mine, 1)
	entries := "15850698633 data/notices/2024h2/contacts.yaml:8 our correction\n" +
		"15850698632 data/notices/2024h2/notice-2024h2.txt:104 the notice's mistake\n"
	for path, text := range map[string]string{contacts: edited, provenance: readFile(t, provenance) + entries} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := importer.Amend(importer.AmendOptions{Root: root, File: filepath.Join("testdata", "amend", "with-round-8.txt"), Updated: corrected}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, contacts); !strings.Contains(got, "\n  - {name: 王老师, provinces: [京, 津, 蒙], "+mine+"\n") {
		t.Errorf("our correction is gone:\n%s", got)
	}
	want := strings.Replace(entries, "txt:104", "txt:111", 1) // 4 lines of the round and 3 of its group above
	if got := readFile(t, provenance); !strings.HasSuffix(got, want) {
		t.Errorf("provenance.txt ends\n%s\nwant\n%s", got[max(0, len(got)-len(want)-80):], want)
	}
}

// A session cancelled with a note, then restored: status: cancelled in its flow mapping and
// change_note in notice.yaml, then the status gone again; each says its change.
func TestCancelSession(t *testing.T) {
	root := imported(t)
	rounds := filepath.Join(root, "data", "notices", "2024h2", "rounds.yaml")
	before := readFile(t, rounds)
	r, err := importer.Amend(importer.AmendOptions{Root: root, Updated: corrected, Cancel: []string{"2024h2-3.exam-2-theory"}, Note: "考场调整"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(r.Lines, "第三次统考 理论考试：原定 9月27日（周五） 08:30–09:30，已取消") {
		t.Errorf("the cancel says\n%s", r)
	}
	after := readFile(t, rounds)
	if want := strings.Replace(before, `start: "08:30", end: "09:30", levels: [初级, 中级]}  # notice-2024h2.txt:16`, `start: "08:30", end: "09:30", levels: [初级, 中级], status: cancelled}  # notice-2024h2.txt:16`, 1); after != want {
		t.Errorf("rounds.yaml:\n%s", after)
	}
	if !strings.Contains(readFile(t, filepath.Join(root, "data", "notices", "2024h2", "notice.yaml")), "\nchange_note: 考场调整\n") {
		t.Error("no change_note")
	}
	r, err = importer.Amend(importer.AmendOptions{Root: root, Updated: corrected, Restore: []string{"2024h2-3.exam-2-theory"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(r.Lines, "第三次统考 理论考试：取消撤回，9月27日（周五） 08:30–09:30 照常进行") || readFile(t, rounds) != before {
		t.Errorf("the restore says\n%s\nrounds.yaml:\n%s", r, readFile(t, rounds))
	}
	if _, err := importer.Amend(importer.AmendOptions{Root: root, Updated: corrected, Cancel: []string{"2024h2-3.exam-9-theory"}}); err == nil || !strings.Contains(err.Error(), "2024h2-3.exam-1-theory") {
		t.Errorf("a session that is not: %v", err)
	}
}
