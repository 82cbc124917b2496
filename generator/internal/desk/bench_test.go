package desk

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The desk's targets (issue 24): a page loads in ≤ 200 ms; an uploaded notice's preview (its
// reading, before anything is written) appears in ≤ 1 s.
const (
	pageTarget    = 200 * time.Millisecond
	previewTarget = time.Second
)

// BenchmarkDeskPages loads each page of the desk over HTTP, for a project with a notice,
// and reports whether the slowest page's mean stays under pageTarget (nothing asserts a time).
func BenchmarkDeskPages(b *testing.B) {
	r := startDesk(b)
	for _, p := range []string{"/", "/import", "/amend", "/cancel", "/preview", "/publish"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				if code, _ := r.get(b, r.base+p, nil); code != http.StatusOK {
					b.Fatalf("%s: %d", p, code)
				}
			}
			report(b, "page "+p, pageTarget)
		})
	}
}

// BenchmarkDeskUpload uploads the notice's .docx on 导入新通知 (into a project without it)
// and its corrected version on 更正通知, and reports whether the page that shows what was
// read appears within previewTarget.
func BenchmarkDeskUpload(b *testing.B) {
	r := startDesk(b)
	if err := os.RemoveAll(filepath.Join(r.root, "data", "notices", "2024h2")); err != nil {
		b.Fatal(err)
	}
	docx, err := os.ReadFile(filepath.Join("..", "importer", "testdata", "notice-2024h2.docx"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("import", func(b *testing.B) {
		for b.Loop() {
			if code, _ := r.post(b, "/import", url.Values{"token": {r.d.token}}, docx, origin(r)); code != http.StatusOK {
				b.Fatalf("%d", code)
			}
		}
		report(b, "import preview", previewTarget)
	})
}

func report(b *testing.B, what string, target time.Duration) {
	per := b.Elapsed() / time.Duration(b.N)
	verdict := "met"
	if per > target {
		verdict = "MISSED"
	}
	b.Logf("%s: %v (target %v: %s)", what, per.Round(time.Microsecond), target, verdict)
}
