package site

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/testkit"
)

// files makes a new temporary directory holding the files named (slash-separated) with
// their text; a name ending in "/" is an empty directory.
func files(t *testing.T, contents map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range contents {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "/") {
			continue
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// syncDir leaves files that already hold their bytes alone (a watching Hugo sees only what
// changed), rewrites the others and removes what is no longer generated, directories too.
func TestSyncDir(t *testing.T) {
	dir := files(t, map[string]string{
		"data/site.json":               "old",
		"static/calendars/all.ics":     "same",
		"static/calendars/gone/a.ics":  "stale",
		"static/qr/site.png.tmp":       "left by a killed build",
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
	if err := syncDir(dir, want); err != nil {
		t.Fatal(err)
	}
	got := testkit.Tree(t, dir)
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

// syncDirKeeping also leaves alone the files that keep accepts, which another part of the
// generator writes (Begin keeps the record of the QR images, and the preview's static/),
// and removes the others as syncDir does.
func TestSyncDirKeeping(t *testing.T) {
	dir := files(t, map[string]string{
		"data/site.json":       "old",
		"data/today.json":      "stale",
		"qr-images":            "the record",
		"static/calendars/a":   "the preview's",
		"static/qr/site.png":   "the preview's",
		"notices/old/notice":   "stale",
		"staticky/not-static/": "",
	})
	keep := func(name string) bool { return name == qrRecord || strings.HasPrefix(name, "static/") }
	own := map[string][]byte{"data/site.json": []byte("new")}
	calls := 0
	before := func() { // called once, before anything is written or removed
		calls++
		if got := testkit.Files(t, dir); got["data/site.json"] != "old" || got["data/today.json"] != "stale" {
			t.Errorf("before a change, the files are already %v", got)
		}
	}
	if changed, err := syncDirKeeping(dir, own, keep, before); err != nil || !changed || calls != 1 {
		t.Fatalf("syncDirKeeping: changed %v, %v, before called %d times; want changed, once", changed, err, calls)
	}
	want := map[string]string{
		"data/site.json":     "new",
		"qr-images":          "the record",
		"static/calendars/a": "the preview's",
		"static/qr/site.png": "the preview's",
	}
	if got := testkit.Files(t, dir); !maps.Equal(got, want) {
		t.Errorf("files %v; want %v", got, want)
	}
	for _, gone := range []string{"notices", "staticky"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); !os.IsNotExist(err) {
			t.Errorf("the directory %s of removed files is still there (%v)", gone, err)
		}
	}
	// Again, with nothing to do: nothing changed. Then only a file to remove: changed.
	if changed, err := syncDirKeeping(dir, own, keep, before); err != nil || changed || calls != 1 {
		t.Errorf("syncDirKeeping again: changed %v, %v, before called %d times in all; want unchanged, not called", changed, err, calls)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "stale.json"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if changed, err := syncDirKeeping(dir, own, keep, func() { calls++ }); err != nil || !changed || calls != 2 {
		t.Errorf("syncDirKeeping with a stale file: changed %v, %v, before called %d times in all; want changed, called", changed, err, calls)
	}
}

// holds compares a file with bytes: equal only when every byte is, the length too.
func TestHolds(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 3000) // 48 KB: several reads
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, big, 0o644); err != nil {
		t.Fatal(err)
	}
	changed := bytes.Clone(big)
	changed[len(changed)-1] = 'x'
	tests := []struct {
		name string
		path string
		b    []byte
		want bool
	}{
		{"the same bytes", path, big, true},
		{"the last byte differs", path, changed, false},
		{"shorter", path, big[:len(big)-1], false},
		{"longer", path, append(bytes.Clone(big), 'x'), false},
		{"empty", path, nil, false},
		{"no file", filepath.Join(dir, "missing"), big, false},
	}
	for _, tt := range tests {
		if got := holds(tt.path, tt.b); got != tt.want {
			t.Errorf("%s: holds = %v; want %v", tt.name, got, tt.want)
		}
	}
}
