package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/qrcode"
	"examnotice/generator/internal/testkit"
)

// drawn is what drawing the QR codes of every notice of p anew for base gives.
func drawn(t *testing.T, p *Prepared, base string) map[string][]byte {
	t.Helper()
	var notices []*data.Notice
	for _, n := range p.Notices {
		notices = append(notices, n.Notice)
	}
	files, err := qrcode.Render(QRCodes(base, notices...))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// A build keeps the QR images of the last one only when their payload is the same and the
// files still hold the recorded bytes; the result is always what drawing them anew gives:
// for both notices of the two-notice project, 10 codes (2 groups and 2 rounds each, the site,
// its changes page).
func TestQRImagesKept(t *testing.T) {
	root, dataDir, p := prepareFixture(t, testkit.Two)
	dir := project.Layout{Root: root}.Generated()
	fresh := drawn(t, p, testBase)
	if len(fresh) != 2*10 {
		t.Fatalf("%d QR images, want 20: a PNG and an SVG of 10 codes", len(fresh))
	}
	static := filepath.Join(dir, "static") // as the preview writes them
	same := func(when string, want map[string][]byte) {
		t.Helper()
		for name, b := range want {
			got, err := os.ReadFile(filepath.Join(dir, "static", filepath.FromSlash(name)))
			if err != nil || !bytes.Equal(got, b) {
				t.Errorf("%s: %s differs from a fresh drawing (%v)", when, name, err)
			}
		}
	}
	write(t, p, dir, static, dataDir, testBase, "2025-09-06")
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
	// Another code's image in the place of 2025h2-4's group code.
	swapped := filepath.Join(dir, "static", filepath.FromSlash(permalink.GroupQR("2025h2-4"))+".png")
	if err := os.WriteFile(swapped, fresh[permalink.GroupQR("2025h2-3")+".png"], 0o644); err != nil {
		t.Fatal(err)
	}
	write(t, p, dir, static, dataDir, testBase, "2025-09-06")
	same("after damage", fresh)

	// Another base URL changes the payloads: nothing is kept.
	other := "https://exam.example.org/"
	moved := drawn(t, p, other)
	write(t, p, dir, static, dataDir, other, "2025-09-06")
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
	write(t, p, dir, static, dataDir, testBase, "2025-09-06")
	same("record of another version", fresh)
}
