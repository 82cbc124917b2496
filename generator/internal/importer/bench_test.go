package importer_test

import (
	"os"
	"path/filepath"
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
