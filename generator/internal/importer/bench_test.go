package importer_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/testkit"
)

// importTarget is the longest an import may take (issue 12): reading the notice, writing its
// folder and running the checks of `generator check` on the project.
const importTarget = 100 * time.Millisecond

// BenchmarkImport imports the notice of 2024h2, as its text and as its .docx, into a project
// without any notice, each iteration into a fresh copy (made outside the timer), and reports
// whether the mean stays under importTarget (nothing asserts a time).
func BenchmarkImport(b *testing.B) {
	for _, tc := range []struct{ name, file string }{
		{"text", filepath.Join("testdata", "variants", "notice-2025h2.txt")},
		{"docx", filepath.Join("testdata", "notice-2024h2.docx")},
	} {
		b.Run(tc.name, func(b *testing.B) {
			root := testkit.Empty(b)
			notices := filepath.Join(root, "data", "notices")
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				if err := os.RemoveAll(notices); err != nil {
					b.Fatal(err)
				}
				if err := os.MkdirAll(notices, 0o755); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := importer.Import(importer.Options{Root: root, File: tc.file, Updated: updated}); err != nil {
					b.Fatal(err)
				}
			}
			per := b.Elapsed() / time.Duration(b.N)
			verdict := "met"
			if per > importTarget {
				verdict = "MISSED"
			}
			b.Logf("import of %s: %v per import (target %v: %s)", tc.file, per.Round(time.Microsecond), importTarget, verdict)
		})
	}
}

// BenchmarkAmend corrects the notice of 2024h2 in a project (its corrected version, as text
// and as .docx, then back to the original, so that every iteration writes): reading the
// notice, merging the change into the data, checking a copy of the data and writing; it
// reports whether the mean stays under importTarget (issue 22: ≤ 100 ms).
func BenchmarkAmend(b *testing.B) {
	for _, file := range []string{"corrected.txt", "corrected.docx"} {
		b.Run(file, func(b *testing.B) {
			root := testkit.Empty(b)
			original := filepath.Join(handmade, "notice-2024h2.txt")
			if _, err := importer.Import(importer.Options{Root: root, File: original, Updated: updated}); err != nil {
				b.Fatal(err)
			}
			files := []string{filepath.Join("testdata", "amend", file), original}
			i := 0
			b.ResetTimer()
			for b.Loop() {
				r, err := importer.Amend(importer.AmendOptions{Root: root, File: files[i%2], Updated: corrected})
				if err != nil {
					b.Fatal(err)
				}
				if len(r.Lines) == 0 {
					b.Fatal("an amend changed nothing")
				}
				i++
			}
			per := b.Elapsed() / time.Duration(b.N)
			verdict := "met"
			if per > importTarget {
				verdict = "MISSED"
			}
			b.Logf("import -amend of %s: %v per correction (target %v: %s)", file, per.Round(time.Microsecond), importTarget, verdict)
		})
	}
}

// oversized writes into dir the variant notice with its schedule's second row repeated
// 115,000 times (4 MB, within the importer's size limit), and returns its path.
func oversized(t testing.TB, dir string) string {
	t.Helper()
	b, err := os.ReadFile(variant)
	if err != nil {
		t.Fatal(err)
	}
	const row = "\t\t中级\t实操考试\t15:00-17:30\t\n"
	text := string(b)
	i := strings.Index(text, row)
	if i < 0 {
		t.Fatal("the variant has no row " + row)
	}
	path := filepath.Join(dir, "notice-2025h2.txt")
	if err := os.WriteFile(path, []byte(text[:i]+strings.Repeat(row, 115000)+text[i:]), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A document of 115,000 session rows is refused by the bounds of what a notice holds, with
// nothing written (it used to take 20–35 s and 0.5 GB, and write 17 MB into data/ before a
// check refused it).
func TestOversizedRefused(t *testing.T) {
	root := testkit.Empty(t)
	before := testkit.Tree(t, root)
	_, err := importer.Import(importer.Options{Root: root, File: oversized(t, t.TempDir()), Updated: updated})
	if err == nil || !strings.Contains(err.Error(), "has more than 1000 rows") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("got %v; want the table's bound, and nothing imported", err)
	}
	if !reflect.DeepEqual(testkit.Tree(t, root), before) {
		t.Error("the refused import changed the project")
	}
}

// oversizedTarget is the longest the refusal of the 115,000-row document may take.
const oversizedTarget = time.Second

// BenchmarkImportOversized times the refusal of the 115,000-row document (B/op: what it
// allocates, against a target of 100 MB).
func BenchmarkImportOversized(b *testing.B) {
	root := testkit.Empty(b)
	file := oversized(b, b.TempDir())
	for b.Loop() {
		if _, err := importer.Import(importer.Options{Root: root, File: file, Updated: updated}); err == nil {
			b.Fatal("imported")
		}
	}
	per := b.Elapsed() / time.Duration(b.N)
	verdict := "met"
	if per > oversizedTarget {
		verdict = "MISSED"
	}
	b.Logf("refusal of the 115,000-row document: %v (target %v: %s)", per.Round(time.Millisecond), oversizedTarget, verdict)
}
