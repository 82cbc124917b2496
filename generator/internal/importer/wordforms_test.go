package importer_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/testkit"
)

// importedRounds imports file into a new project without notices and returns the rounds.yaml
// it wrote for the notice id, or the import's error.
func importedRounds(t *testing.T, file, id string) (string, error) {
	t.Helper()
	root := testkit.Empty(t)
	before := testkit.Tree(t, root)
	if _, err := importer.Import(importer.Options{Root: root, File: file, Updated: updated}); err != nil {
		if !reflect.DeepEqual(testkit.Tree(t, root), before) {
			t.Error("a refused import changed the project")
		}
		return "", err
	}
	b, err := os.ReadFile(filepath.Join(root, "data", "notices", id, "rounds.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b), nil
}

// TestWordForms imports the notice in forms Word shows plainly (testdata/word, made by
// make-word-forms.py from the committed notices): what Word shows is read, into exactly the
// schedule of the unedited notice; text Word hides is not; an ambiguous package, and dates
// that contradict the notice's year or half, are refused.
func TestWordForms(t *testing.T) {
	docx := filepath.Join("testdata", "notice-2024h2.docx")
	wantDocx, err := importedRounds(t, docx, "2024h2")
	if err != nil {
		t.Fatal(err)
	}
	wantText, err := importedRounds(t, variant, "2025h2")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file, id, want string // want: the schedule of the unedited notice, or part of the error
	}{
		{"hidden-text.docx", "2024h2", wantDocx},
		{"nobreak-hyphen.docx", "2024h2", wantDocx},
		{"header-break.docx", "2024h2", wantDocx},
		{"strict.docx", "2024h2", wantDocx},
		{"autonumbered.docx", "2024h2", wantDocx},
		{"fullwidth-digits.txt", "2025h2", wantText},
		{"fullwidth-hyphen.txt", "2025h2", wantText},
		{"ideographic-space.txt", "2025h2", wantText},
		{"two-documents.docx", "2024h2", "holds word/document.xml twice"},
		{"stale-year.txt", "2025h2", "stale-year.txt:14 (cell 6): 2024年09月10日 is in 2024, but the notice is of 2025"},
		{"half-mismatch.txt", "2025h1", "half-mismatch.txt:14: the title says 2025年上半年 (January–June), but no round's exams start in it"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := importedRounds(t, filepath.Join("testdata", "word", tc.file), tc.id)
			switch {
			case tc.want == wantDocx || tc.want == wantText:
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if got != tc.want {
					t.Errorf("read another schedule than the document shows:\n%s\nwant:\n%s", got, tc.want)
				}
			case err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nothing was imported"):
				t.Errorf("got %v; want an error saying %q and that nothing was imported", err, tc.want)
			}
		})
	}
}
