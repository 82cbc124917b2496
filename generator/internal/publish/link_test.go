package publish

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
)

var generatedFiles = map[string]string{"calendars/all.ics": "ics", "qr/site.png": "png", "notice.json": "{}"}

// The generated files reach the site beside Hugo's pages: as hard links, or as copies from
// the first link that fails on.
func TestLink(t *testing.T) {
	noLinks := errors.New("links not allowed here")
	tests := []struct {
		name       string
		link       func(oldname, newname string) error
		wantShared bool // the site's file is the generated one, not a copy
		wantCalls  int  // calls of link: none after the first failure
	}{
		{"hard links", os.Link, true, len(generatedFiles)},
		{"copies where links fail", func(string, string) error { return noLinks }, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen, site := t.TempDir(), t.TempDir()
			writeTree(t, gen, generatedFiles)
			writeTree(t, site, map[string]string{"index.html": "page"})
			calls := 0
			link := func(oldname, newname string) error { calls++; return tt.link(oldname, newname) }
			if err := linkTree(gen, site, link); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"index.html": "page"}
			for name, text := range generatedFiles {
				want[name] = text
			}
			if got := testkit.Files(t, site); !maps.Equal(got, want) {
				t.Errorf("site holds %v; want %v", got, want)
			}
			if calls != tt.wantCalls {
				t.Errorf("link called %d times; want %d", calls, tt.wantCalls)
			}
			for name := range generatedFiles {
				a, errA := os.Stat(filepath.Join(gen, filepath.FromSlash(name)))
				b, errB := os.Stat(filepath.Join(site, filepath.FromSlash(name)))
				if errA != nil || errB != nil {
					t.Fatal(errA, errB)
				}
				if os.SameFile(a, b) != tt.wantShared {
					t.Errorf("%s: shared with the generated file %v; want %v", name, os.SameFile(a, b), tt.wantShared)
				}
			}
		})
	}
}

// A generated file at the path of a page is an error, whether linked or copied, and
// whichever of the two is a directory; the page is left as it was.
func TestLinkRefusesAPageOfTheSite(t *testing.T) {
	links := []struct {
		name string
		link func(oldname, newname string) error
	}{
		{"linking", os.Link},
		{"copying", func(string, string) error { return errors.New("links not allowed here") }},
	}
	site := map[string]string{"index.html": "page", "qr/index.html": "qr page", "notices/a/index.html": "a"}
	tests := []struct {
		name      string
		generated map[string]string
		want      string
	}{
		{"a file on a page", map[string]string{"qr/index.html": "png"}, "qr/index.html"},
		{"a file on a directory", map[string]string{"notices/a": "file"}, "notices/a"},
		{"a directory on a file", map[string]string{"index.html/x.png": "png"}, "index.html"},
	}
	for _, l := range links {
		for _, tt := range tests {
			t.Run(l.name+"/"+tt.name, func(t *testing.T) {
				gen, dir := t.TempDir(), t.TempDir()
				writeTree(t, gen, tt.generated)
				writeTree(t, dir, site)
				err := linkTree(gen, dir, l.link)
				if want := "the generated file " + tt.want + " is also a page of the site; rename one"; err == nil || err.Error() != want {
					t.Errorf("error %v; want %q", err, want)
				}
				for name, text := range site {
					if got := testkit.Files(t, dir)[name]; got != text {
						t.Errorf("the page %s now holds %q", name, got)
					}
				}
			})
		}
	}
}

func TestLinkPublic(t *testing.T) {
	gen, site := t.TempDir(), t.TempDir()
	writeTree(t, gen, generatedFiles)
	if err := Link(gen, site); err != nil {
		t.Fatal(err)
	}
	if got, want := slices.Sorted(maps.Keys(testkit.Files(t, site))), slices.Sorted(maps.Keys(generatedFiles)); !slices.Equal(got, want) {
		t.Errorf("site holds %v; want %v", got, want)
	}
	if err := Link(gen, site); err == nil || !strings.Contains(err.Error(), "is also a page of the site") {
		t.Errorf("linking twice: %v; want an error", err)
	}
}

func TestCopyFile(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"from.json": "{}", "taken.json": "page"})
	from := filepath.Join(dir, "from.json")
	if err := copyFile(from, filepath.Join(dir, "copy.json"), "copy.json"); err != nil {
		t.Fatal(err)
	}
	if got := testkit.Files(t, dir)["copy.json"]; got != "{}" {
		t.Errorf("copy holds %q", got)
	}
	if err := copyFile(from, filepath.Join(dir, "taken.json"), "taken.json"); err == nil || !strings.Contains(err.Error(), "taken.json is also a page") {
		t.Errorf("copying over a page: %v; want an error", err)
	}
}
