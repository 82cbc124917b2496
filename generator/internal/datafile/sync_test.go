package datafile

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"examnotice/generator/internal/testkit"
)

// Sync leaves files that already hold their bytes alone (a watching Hugo sees only what
// changed), rewrites the others and removes what is no longer generated, directories too.
func TestSyncDir(t *testing.T) {
	dir := testkit.WriteFiles(t, map[string]string{
		"data/site.json":               "old",
		"static/calendars/all.ics":     "same",
		"static/calendars/gone/a.ics":  "stale",
		"static/qr/.site.png.123":      "left by a killed build",
		"static/calendars/2025h1-1.ic": "stale",
	})
	same := filepath.Join(dir, "static", "calendars", "all.ics")
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(same, old, old); err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{
		"data/site.json":           []byte("new"),
		"static/calendars/all.ics": []byte("same"),
		"static/qr/site.png":       []byte("png"),
	}
	if err := Sync(dir, want); err != nil {
		t.Fatal(err)
	}
	got := testkit.Files(t, dir)
	if len(got) != len(want) {
		t.Errorf("files %v; want only %d", got, len(want))
	}
	for name, b := range want {
		if have, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))); err != nil || string(have) != string(b) {
			t.Errorf("%s: %q, %v; want %q", name, have, err, b)
		}
	}
	if info, err := os.Stat(same); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("an unchanged file was written again (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "static", "calendars", "gone")); !os.IsNotExist(err) {
		t.Errorf("the directory of removed files is still there (%v)", err)
	}
}
