package build

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The generated files reach the site as links (or copies) beside Hugo's pages; a path that
// both wrote is an error.
func TestLinkGenerated(t *testing.T) {
	gen, staging := t.TempDir(), t.TempDir()
	for name, text := range map[string]string{"calendars/all.ics": "ics", "qr/site.png": "png", "notice.json": "{}"} {
		path := filepath.Join(gen, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(staging, "index.html"), []byte("page"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := linkGenerated(gen, staging); err != nil {
		t.Fatal(err)
	}
	got := tree(t, staging)
	if want := []string{"calendars/all.ics", "index.html", "notice.json", "qr/site.png"}; !slices.Equal(slices.Sorted(maps.Keys(got)), want) {
		t.Errorf("site holds %v; want %v", got, want)
	}
	if err := linkGenerated(gen, staging); err == nil || !strings.Contains(err.Error(), "is also a page of the site") {
		t.Errorf("a generated file at a taken path: %v; want an error", err)
	}
	if err := copyFile(filepath.Join(gen, "notice.json"), filepath.Join(staging, "notice.json"), "notice.json"); err == nil {
		t.Error("copying over a page: no error")
	}
	if err := copyFile(filepath.Join(gen, "notice.json"), filepath.Join(staging, "copy.json"), "copy.json"); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(staging, "copy.json")); err != nil || string(b) != "{}" {
		t.Errorf("copy holds %q, %v", b, err)
	}
}

// A published site shares its generated files with the next build's, as links: a later
// build that changes them must leave the published bytes as they were.
func TestPublishedSiteKeepsItsBytes(t *testing.T) {
	root := copyProject(t)
	first := filepath.Join(t.TempDir(), "first")
	if _, _, err := build(t, root, first); err != nil {
		t.Fatal(err)
	}
	before := tree(t, first)
	rounds := filepath.Join(root, "data", "rounds.yaml")
	src, err := os.ReadFile(rounds)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("name: 第三次统考\n"), []byte("name: 第三次统考（改期）\n"), 1)
	if err := os.WriteFile(rounds, src, 0o644); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(t.TempDir(), "second")
	if _, _, err := build(t, root, second); err != nil {
		t.Fatal(err)
	}
	after := tree(t, first)
	if !maps.Equal(before, after) {
		t.Error("building again changed the files of the site published before")
	}
	changed := 0
	for name, h := range tree(t, second) {
		if before[name] != h {
			changed++
		}
	}
	if changed == 0 {
		t.Error("the second build changed nothing; the test did not test")
	}
}
