package publish

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
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
			if err := linkTree(gen, site, "", link); err != nil {
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

// A generated file at the path of a page is an error, whether linked or copied.
func TestLinkRefusesAPageOfTheSite(t *testing.T) {
	tests := []struct {
		name string
		link func(oldname, newname string) error
	}{
		{"linking", os.Link},
		{"copying", func(string, string) error { return errors.New("links not allowed here") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen, site := t.TempDir(), t.TempDir()
			writeTree(t, gen, map[string]string{"notice.json": "generated"})
			writeTree(t, site, map[string]string{"notice.json": "page"})
			err := linkTree(gen, site, "", tt.link)
			if want := "the generated file notice.json is also a page of the site; rename one"; err == nil || err.Error() != want {
				t.Errorf("error %v; want %q", err, want)
			}
			if got := testkit.Files(t, site)["notice.json"]; got != "page" {
				t.Errorf("the page now holds %q", got)
			}
		})
	}
}

func TestLinkPublic(t *testing.T) {
	gen, site := t.TempDir(), t.TempDir()
	writeTree(t, gen, generatedFiles)
	if err := Link(gen, site, ""); err != nil {
		t.Fatal(err)
	}
	if got, want := slices.Sorted(maps.Keys(testkit.Files(t, site))), slices.Sorted(maps.Keys(generatedFiles)); !slices.Equal(got, want) {
		t.Errorf("site holds %v; want %v", got, want)
	}
	if err := Link(gen, site, ""); err == nil || !strings.Contains(err.Error(), "is also a page of the site") {
		t.Errorf("linking twice: %v; want an error", err)
	}
}

// Link takes from the site an earlier build published the directories that hold exactly the
// generated files (the same names, each the very same file), in one rename each, and links
// the rest; whatever it takes, the result holds every generated file as a link of it.
func TestLinkReusesTheRetiredSite(t *testing.T) {
	static := map[string]string{
		"calendars/all.ics": "all", "calendars/r1/a.ics": "a", "calendars/r1/b.ics": "b", "calendars/r2/c.ics": "c",
		"qr/site.png": "png", "notices/n/notice.json": "{}", "notice.json": "{}",
	}
	tests := []struct {
		name      string
		change    func(t *testing.T, gen, retired string) // after the retired site was published
		wantTaken []string                                // directories taken from the retired site whole
	}{
		{"nothing changed", nil, []string{"calendars", "qr"}},
		{"one feed written again", func(t *testing.T, gen, _ string) {
			rewrite(t, filepath.Join(gen, "calendars", "r1", "a.ics"), "a, moved")
		}, []string{"calendars/r2", "qr"}},
		{"a feed more", func(t *testing.T, gen, _ string) {
			writeTree(t, gen, map[string]string{"calendars/r2/d.ics": "d"})
		}, []string{"calendars/r1", "qr"}},
		{"a feed fewer", func(t *testing.T, gen, _ string) {
			if err := os.Remove(filepath.Join(gen, "calendars", "r2", "c.ics")); err != nil {
				t.Fatal(err)
			}
		}, []string{"calendars/r1", "qr"}},
		{"a copy with the same bytes", func(t *testing.T, _, retired string) {
			rewrite(t, filepath.Join(retired, "qr", "site.png"), "png")
		}, []string{"calendars"}},
		{"a file more in the retired site", func(t *testing.T, _, retired string) {
			writeTree(t, retired, map[string]string{"qr/old.png": "old"})
		}, []string{"calendars"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen, retired, next := t.TempDir(), filepath.Join(t.TempDir(), "retired"), filepath.Join(t.TempDir(), "next")
			writeTree(t, gen, static)
			writeTree(t, retired, map[string]string{"index.html": "page", "notices/n/index.html": "n"})
			if err := Link(gen, retired, ""); err != nil {
				t.Fatal(err)
			}
			if tt.change != nil {
				tt.change(t, gen, retired)
			}
			before := testkit.Files(t, retired)
			if err := Link(gen, next, retired); err != nil {
				t.Fatal(err)
			}
			want := testkit.Files(t, gen)
			if got := testkit.Files(t, next); !maps.Equal(got, want) {
				t.Errorf("linked %v; want %v", got, want)
			}
			for name := range want {
				a, errA := os.Stat(filepath.Join(gen, filepath.FromSlash(name)))
				b, errB := os.Stat(filepath.Join(next, filepath.FromSlash(name)))
				if errA != nil || errB != nil || !os.SameFile(a, b) {
					t.Errorf("%s is not the generated file (%v, %v)", name, errA, errB)
				}
			}
			var taken []string
			for _, dir := range []string{"calendars", "calendars/r1", "calendars/r2", "qr", "notices", "notices/n"} {
				_, inRetired := os.Lstat(filepath.Join(retired, filepath.FromSlash(dir)))
				_, parentThere := os.Lstat(filepath.Join(retired, filepath.FromSlash(path.Dir(dir))))
				if errors.Is(inRetired, fs.ErrNotExist) && parentThere == nil {
					taken = append(taken, dir)
				}
			}
			if !slices.Equal(taken, tt.wantTaken) {
				t.Errorf("took %v from the retired site; want %v", taken, tt.wantTaken)
			}
			for name, text := range before { // what was not taken is left for Sweep, as it was
				if _, took := testkit.Files(t, retired)[name]; !took && !slices.ContainsFunc(taken, func(d string) bool { return strings.HasPrefix(name, d+"/") }) {
					t.Errorf("%s (%q) vanished from the retired site without its directory being taken", name, text)
				}
			}
		})
	}
}

// rewrite replaces the file at path by a new file holding text, as the generator does.
func rewrite(t *testing.T, path, text string) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
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

// Move puts the generated files into the rendered site: a directory the site lacks in one
// piece, the files of one it has one by one; a file at the path of one of the site's is an
// error, whichever is a directory. Both ways of refusing to replace behave the same.
func TestMove(t *testing.T) {
	places := []struct {
		name  string
		place func(from, to string) error
	}{
		{"renameNoReplace", renameNoReplace},
		{"renameIfAbsent", renameIfAbsent},
	}
	site := map[string]string{"index.html": "page", "qr/index.html": "qr page", "notices/a/index.html": "a"}
	tests := []struct {
		name      string
		generated map[string]string
		wantErr   string // "" when it succeeds
	}{
		{"beside the pages", map[string]string{"calendars/all.ics": "ics", "qr/site.png": "png", "notices/a/notice.json": "{}", "notice.json": "{}"}, ""},
		{"a file on a page", map[string]string{"calendars/all.ics": "ics", "qr/index.html": "png"}, "the generated file qr/index.html is also a page of the site; rename one"},
		{"a file on a directory", map[string]string{"notices/a": "file"}, "the generated file notices/a is also a page of the site; rename one"},
		{"a directory on a file", map[string]string{"index.html/x.png": "png"}, "the generated file index.html is also a page of the site; rename one"},
	}
	for _, p := range places {
		for _, tt := range tests {
			t.Run(p.name+"/"+tt.name, func(t *testing.T) {
				gen, dir := filepath.Join(t.TempDir(), "gen"), t.TempDir()
				writeTree(t, gen, tt.generated)
				writeTree(t, dir, site)
				err := moveInto(gen, dir, "", p.place)
				if tt.wantErr != "" {
					if err == nil || err.Error() != tt.wantErr {
						t.Errorf("error %v; want %q", err, tt.wantErr)
					}
					for name, text := range site {
						if got := testkit.Files(t, dir)[name]; got != text {
							t.Errorf("the page %s now holds %q", name, got)
						}
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				want := maps.Clone(site)
				maps.Copy(want, tt.generated)
				if got := testkit.Files(t, dir); !maps.Equal(got, want) {
					t.Errorf("site holds %v; want %v", got, want)
				}
				if _, err := os.Lstat(gen); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("the generated directory is still there (%v); Move empties and removes it", err)
				}
			})
		}
	}
}
