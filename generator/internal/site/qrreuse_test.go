package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/qrcode"
	"examnotice/generator/internal/testkit"
)

// A build keeps the QR images of the last one only when their payload is the same and the
// files still hold the recorded bytes; the result is always what drawing them anew gives.
func TestQRImagesKept(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	dir, dataDir := filepath.Join(root, GeneratedDir), filepath.Join(root, "data")
	p, err := Prepare(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://exam-notice.example.com/"
	fresh, err := qrcode.Render(qrcode.Codes(p.Notice, base))
	if err != nil {
		t.Fatal(err)
	}
	write := func(base string) {
		t.Helper()
		if _, err := p.Write(dir, filepath.Join(dir, "static"), dataDir, base); err != nil {
			t.Fatal(err)
		}
	}
	same := func(when string, want map[string][]byte) {
		t.Helper()
		for name, b := range want {
			got, err := os.ReadFile(filepath.Join(dir, "static", filepath.FromSlash(name)))
			if err != nil || !bytes.Equal(got, b) {
				t.Errorf("%s: %s differs from a fresh drawing (%v)", when, name, err)
			}
		}
	}
	write(base)
	same("first build", fresh)

	// Damaged or replaced files are drawn again.
	site := filepath.Join(dir, "static", filepath.FromSlash(permalink.SiteQR)+".png")
	if err := os.WriteFile(site, []byte("not a png"), 0o644); err != nil {
		t.Fatal(err)
	}
	svg := filepath.Join(dir, "static", filepath.FromSlash(permalink.RoundQR("2025h1-1"))+".svg")
	if err := os.Remove(svg); err != nil {
		t.Fatal(err)
	}
	write(base)
	same("after damage", fresh)

	// Another base URL changes the payloads: nothing is kept.
	other := "https://exam.example.org/"
	moved, err := qrcode.Render(qrcode.Codes(p.Notice, other))
	if err != nil {
		t.Fatal(err)
	}
	write(other)
	same("other base URL", moved)

	// A record of another drawing version keeps nothing.
	record := filepath.Join(dir, qrRecord)
	b, err := os.ReadFile(record)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("version "+qrcode.Version), []byte("version old"), 1)
	if err := os.WriteFile(record, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if kept := readQRRecord(record); kept != nil {
		t.Errorf("a record of another version keeps %d images", len(kept))
	}
	write(base)
	same("record of another version", fresh)
}
