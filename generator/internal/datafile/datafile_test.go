package datafile

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// Write writes the bytes, leaves a file that holds them alone (its time unchanged), and
// leaves nothing else beside it.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "calendar.lock")
	for _, text := range []string{"one\n", "two\n"} {
		if err := Write(path, []byte(text)); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != text {
			t.Fatalf("the file holds %q (%v); want %q", got, err, text)
		}
	}
	old := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("two\n")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("an unchanged file was written again (%v)", err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v (%v); want 0644", info.Mode().Perm(), err)
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		t.Errorf("beside the file: %v (%v); want only it", entries, err)
	}
	if err := Write(filepath.Join(dir, "missing", "f"), []byte("x")); err != nil {
		t.Errorf("writing into a missing directory: %v; want it made", err)
	}
	if err := Write(filepath.Join(path, "f"), []byte("x")); err == nil {
		t.Error("writing below a file succeeded")
	}
}

// A file that a published site holds as a hard link keeps its bytes when the generator
// writes the file again: Write replaces it, never writes into it.
func TestWriteLeavesLinksAlone(t *testing.T) {
	dir := t.TempDir()
	path, published := filepath.Join(dir, "all.ics"), filepath.Join(dir, "public-all.ics")
	if err := Write(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(path, published); err != nil {
		t.Skip("no hard links here:", err)
	}
	if err := Write(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(published); err != nil || string(b) != "old" {
		t.Errorf("the published link holds %q (%v); want the old bytes", b, err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "new" {
		t.Errorf("the file holds %q (%v); want the new bytes", b, err)
	}
}

// Lines skips blank lines and comments, hands each other line's fields on, and names the
// line of an error with what was expected.
func TestLines(t *testing.T) {
	src := []byte("# a comment\n\n  a b  c \n\t# another\nd\nbad line here\ne f\n")
	var got [][]string
	err := Lines("data/x.lock", src, `"<a> <b>"`, func(f []string) error {
		if f[0] == "bad" {
			return errors.New("3 fields")
		}
		got = append(got, f)
		return nil
	})
	if want := [][]string{{"a", "b", "c"}, {"d"}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("fields %q; want %q (and none after the bad line)", got, want)
	}
	if want := `data/x.lock:6: 3 fields; expected "<a> <b>"`; err == nil || err.Error() != want {
		t.Errorf("error %v; want %q", err, want)
	}
}
