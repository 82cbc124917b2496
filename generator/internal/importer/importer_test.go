package importer_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
)

// updated is the day the tests' imports are made (notice.yaml updated).
var updated = mustDate("2026-12-01")

func mustDate(s string) data.Date {
	d, err := data.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// handmade is the data of 2024h2 as our staff made it by hand when the notice came, with the
// notice's text: a fixture, so that the importer's tests hold whatever corrections the real
// data/notices/2024h2 receives later.
var handmade = filepath.Join("testdata", "handmade", "2024h2")

// realText is the notice of 2024h2 as the issuer sent it (the fixture's copy, which must be
// ../shared/source/notice-2024h2.txt when that is beside the project).
func realText(t *testing.T) string {
	t.Helper()
	fixture := filepath.Join(handmade, "notice-2024h2.txt")
	shared := filepath.Join(testkit.Root(), "..", "shared", "source", "notice-2024h2.txt")
	s, err := os.ReadFile(shared)
	if err != nil {
		return fixture
	}
	f, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s, f) {
		t.Fatalf("%s differs from the notice as sent, %s", fixture, shared)
	}
	return fixture
}

// importInto imports file into the project root and fails the test on an error.
func importInto(t *testing.T, root, file string) *importer.Report {
	t.Helper()
	r, err := importer.Import(importer.Options{Root: root, File: file, Updated: updated})
	if err != nil {
		t.Fatalf("importing %s: %v", file, err)
	}
	return r
}

// parts are the notice's data, part by part, as JSON objects: what the data files say,
// without the positions of their values.
func parts(t *testing.T, dir, id string) map[string]any {
	t.Helper()
	lib, err := data.Load(dir)
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	n, ok := lib.Notice(id)
	if !ok {
		t.Fatalf("%s has no notice %s", dir, id)
	}
	out := map[string]any{}
	for name, v := range map[string]any{"notice.yaml": n.Meta, "rounds.yaml": n.Rounds, "process.yaml": n.Process, "fees.yaml": n.Fees, "groups.yaml": n.Groups, "contacts.yaml": n.Contacts} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var x any
		if err := json.Unmarshal(b, &x); err != nil {
			t.Fatal(err)
		}
		out[name] = x
	}
	return out
}

// differences lists every field whose value differs between a and b, by its path
// (notice.yaml.updated, rounds.yaml[2].days[0].weekday).
func differences(path string, a, b any) []string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return []string{path}
		}
		keys := map[string]bool{}
		for k := range x {
			keys[k] = true
		}
		for k := range y {
			keys[k] = true
		}
		var out []string
		for k := range keys {
			out = append(out, differences(path+"."+k, x[k], y[k])...)
		}
		sort.Strings(out)
		return out
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return []string{path}
		}
		var out []string
		for i := range x {
			out = append(out, differences(fmt.Sprintf("%s[%d]", path, i), x[i], y[i])...)
		}
		return out
	}
	if !reflect.DeepEqual(a, b) {
		return []string{path}
	}
	return nil
}

// TestRoundTrip imports the notice of 2024h2, as the text copied out of Word and as a .docx
// written by a word processor (python-docx, testdata/make-docx.py, with the schedule's merged
// cells), into a copy of the project without any notice: the data is the hand-made data of
// the notice (testdata/handmade/2024h2, as it was first published), field for field, but for
// the fields listed with their reason.
func TestRoundTrip(t *testing.T) {
	// The fields where the import and the hand-made data differ, and why.
	reasons := map[string]string{
		".notice.yaml.updated": "the day our staff made the data, not a value of the notice: the import writes the day it is run",
	}
	for _, tc := range []struct {
		name, file string
		sameText   bool // the source text written is the file itself
	}{
		{"text", realText(t), true},
		// The text read from the .docx has no blank line inside the schedule, the 第四次统考
		// date cell whole (10月25日 (周五)), no row of dashes under the contacts.
		{"docx", filepath.Join("testdata", "notice-2024h2.docx"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := testkit.Empty(t)
			r := importInto(t, root, tc.file)
			if r.ID != "2024h2" {
				t.Fatalf("imported notice %s; want 2024h2", r.ID)
			}
			got := parts(t, project.Layout{Root: root}.Data(), "2024h2")
			hand := testkit.Empty(t)
			testkit.Copy(t, filepath.Join(hand, "data", "notices", "2024h2"), handmade)
			want := parts(t, project.Layout{Root: hand}.Data(), "2024h2")
			for _, d := range differences("", got, want) {
				if _, ok := reasons[d]; !ok {
					t.Errorf("%s differs from the hand-made data (%s) and no reason is listed", d, handmade)
				}
			}
			for field, reason := range reasons {
				if !slices.Contains(differences("", got, want), field) {
					t.Errorf("%s is listed as differing (%s) but is the same", field, reason)
				}
			}
			text, err := os.ReadFile(filepath.Join(root, "data", "notices", "2024h2", "notice-2024h2.txt"))
			if err != nil {
				t.Fatal(err)
			}
			src, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if tc.sameText && !bytes.Equal(text, src) {
				t.Errorf("the notice's text written differs from %s", tc.file)
			}
			if !tc.sameText && !strings.Contains(string(text), "第四次统考\t10月25日 (周五)\t初级\t理论考试\t14:00-15:00\t10月12日") {
				t.Errorf("the text read from %s lacks the 第四次统考 row with its merged date cell:\n%s", tc.file, text)
			}
		})
	}
}

// TestSameBytes: the same notice imported twice, into two copies, gives byte-identical files.
func TestSameBytes(t *testing.T) {
	var trees []map[string]string
	for range 2 {
		root := testkit.Empty(t)
		importInto(t, root, filepath.Join("testdata", "notice-2024h2.docx"))
		trees = append(trees, testkit.Tree(t, filepath.Join(root, "data", "notices")))
	}
	if !reflect.DeepEqual(trees[0], trees[1]) {
		t.Errorf("two imports of the same notice differ:\n%v\n%v", trees[0], trees[1])
	}
	if len(trees[0]) != 8 {
		t.Errorf("an import wrote %d files; want the six data files, the text and provenance.txt: %v", len(trees[0]), trees[0])
	}
}

// TestNeverOverwrites: importing a notice the project has is refused, and the project is
// left as it was.
func TestNeverOverwrites(t *testing.T) {
	root := testkit.Empty(t)
	importInto(t, root, filepath.Join("testdata", "notice-2024h2.docx"))
	before := testkit.Tree(t, root)
	_, err := importer.Import(importer.Options{Root: root, File: realText(t), Updated: mustDate("2026-12-02")})
	if err == nil || !strings.Contains(err.Error(), "notice 2024h2 exists already") {
		t.Fatalf("a second import of 2024h2: %v; want a refusal naming the notice", err)
	}
	if !reflect.DeepEqual(testkit.Tree(t, root), before) {
		t.Error("a refused import changed the project")
	}
}

// TestReport: the report names the notice, each round with its days, sessions and derived
// deadlines, and what a person must add.
func TestReport(t *testing.T) {
	root := testkit.Empty(t)
	r := importInto(t, root, realText(t)).String()
	for _, want := range []string{
		"已导入通知 2024h2",
		"共 5 次统考：",
		"2024h2-4 第四次统考，报名截止 2024-10-12",
		"2024-10-25 周五：理论考试 14:00–15:00，实操考试 15:30–18:00（初级、中级）",
		"缴费截止 2024-09-14",
		"证书颁发 2024-10-16 预计",
		"入群链接",
		"warning: ",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("the report lacks %q:\n%s", want, r)
		}
	}
}

// checkError is the import's *importer.CheckError, or fails the test.
func checkError(t *testing.T, err error) *importer.CheckError {
	t.Helper()
	var ce *importer.CheckError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v; want the checks' problems", err)
	}
	return ce
}
