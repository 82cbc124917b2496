package testkit_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
)

// A project copy holds the real theme, content and site configuration with the test
// notice's data and text only, and is the test's own.
func TestProject(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	for _, name := range []string{"hugo.toml", "themes/notice", "content/_index.md",
		"data/provinces.yaml", "data/workdays.yaml", "data/public-urls.txt",
		"data/notices/2025h1/notice.yaml", "data/notices/2025h1/notice-2025h1.txt", "data/notices/2025h1/provenance.txt"} {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Errorf("the copy lacks %s: %v", name, err)
		}
	}
	if notices := dirNames(t, filepath.Join(root, "data", "notices")); !slices.Equal(notices, []string{"2025h1"}) {
		t.Errorf("the copy holds the notices %v; want only the test notice's", notices)
	}
	texts, _ := filepath.Glob(filepath.Join(root, "content", "source", "*.txt"))
	if len(texts) != 0 {
		t.Errorf("the copy holds notice texts in content/source: %v; a notice's text is in its data folder", texts)
	}
	if _, err := os.Stat(filepath.Join(root, "data", "calendar.lock")); err == nil {
		t.Error("the copy has a calendar lock; the test notice has none")
	}
	const notice = "data/notices/2025h1/notice.yaml"
	if b, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(notice))); !strings.Contains(string(b), "\nid: 2025h1\n") {
		t.Errorf("the copy's data is not the test notice's:\n%s", b)
	}
	testkit.Edit(t, root, notice, "\nid: 2025h1\n", "\nid: 2025h9\n")
	if b, _ := os.ReadFile(filepath.Join(testkit.Fixture(testkit.Notice), filepath.FromSlash(notice))); !strings.Contains(string(b), "\nid: 2025h1\n") {
		t.Error("editing the copy changed the fixture")
	}
}

// The two-notice fixture holds the test notice unchanged and a second notice beside it, over
// the same shared data.
func TestTwo(t *testing.T) {
	root := testkit.Project(t, testkit.Two)
	if notices := dirNames(t, filepath.Join(root, "data", "notices")); !slices.Equal(notices, []string{"2025h1", "2025h2"}) {
		t.Errorf("the two-notice copy holds the notices %v; want 2025h1 and 2025h2", notices)
	}
	one, two := testkit.Fixture(testkit.Notice), testkit.Fixture(testkit.Two)
	for _, name := range []string{"provinces.yaml", "workdays.yaml", "workdays-2025.txt"} {
		a, _ := os.ReadFile(filepath.Join(one, "data", name))
		b, err := os.ReadFile(filepath.Join(two, "data", name))
		if err != nil || string(a) != string(b) {
			t.Errorf("data/%s of %s is not the one of %s (%v)", name, testkit.Two, testkit.Notice, err)
		}
	}
	if a, b := testkit.Files(t, filepath.Join(one, "data", "notices", "2025h1")), testkit.Files(t, filepath.Join(two, "data", "notices", "2025h1")); !maps.Equal(a, b) {
		t.Errorf("the notice 2025h1 of %s is not the one of %s", testkit.Two, testkit.Notice)
	}
}

// Adding the newer notice of Two to a copy of Notice gives the data of Two, notice for
// notice; the fixture is left alone, and a notice is never added twice.
func TestAddNotice(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	testkit.AddNotice(t, root, testkit.Two, "2025h2")
	if notices := dirNames(t, filepath.Join(root, "data", "notices")); !slices.Equal(notices, []string{"2025h1", "2025h2"}) {
		t.Errorf("after adding 2025h2 the copy holds the notices %v", notices)
	}
	two := filepath.Join(testkit.Fixture(testkit.Two), "data", "notices")
	for _, id := range []string{"2025h1", "2025h2"} {
		if a, b := testkit.Files(t, filepath.Join(root, "data", "notices", id)), testkit.Files(t, filepath.Join(two, id)); len(a) == 0 || !maps.Equal(a, b) {
			t.Errorf("the notice %s of the copy is not the one of %s", id, testkit.Two)
		}
	}
	if notices := dirNames(t, filepath.Join(testkit.Fixture(testkit.Notice), "data", "notices")); !slices.Equal(notices, []string{"2025h1"}) {
		t.Errorf("adding a notice to the copy changed the fixture: %v", notices)
	}
	if msg := fatalOf(t, func(tb testing.TB) { testkit.AddNotice(tb, root, testkit.Two, "2025h2") }); !strings.Contains(msg, "already holds the notice 2025h2") {
		t.Errorf("adding 2025h2 twice: %q; want a failure", msg)
	}
}

// dirNames lists the folders in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

// fatalTB records a Fatalf and stops the function that called it, as testing.T does.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic(f)
}

// fatalOf runs do with a testing.TB whose Fatalf stops it, and returns what it said ("" when
// do did not fail).
func fatalOf(t *testing.T, do func(testing.TB)) string {
	f := &fatalTB{TB: t}
	func() {
		defer func() {
			if r := recover(); r != nil && r != any(f) {
				panic(r)
			}
		}()
		do(f)
	}()
	return f.msg
}

func TestEditExactlyOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f.yaml"), []byte("a: 1\nb: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, old := range []string{"c: 1", ": 1"} {
		if msg := fatalOf(t, func(tb testing.TB) { testkit.Edit(tb, dir, "f.yaml", old, "x") }); !strings.Contains(msg, "an edit needs exactly one") {
			t.Errorf("editing %q: %q; want a failure", old, msg)
		}
	}
	testkit.Edit(t, dir, "f.yaml", "b: 1", "b: 2")
	if got, _ := os.ReadFile(filepath.Join(dir, "f.yaml")); string(got) != "a: 1\nb: 2\n" {
		t.Errorf("after the edit: %q", got)
	}
}

func TestTreePagesFile(t *testing.T) {
	dir := t.TempDir()
	if len(testkit.Tree(t, filepath.Join(dir, "missing"))) != 0 {
		t.Error("the tree of a missing directory is not empty")
	}
	for _, name := range []string{"index.html", "404.html", "rounds/2025h1-1/index.html", "calendars/all.ics"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tree := testkit.Tree(t, dir)
	if len(tree) != 4 || tree["rounds/2025h1-1/index.html"] == "" || tree["index.html"] == tree["404.html"] {
		t.Errorf("tree %v", tree)
	}
	if got, want := slices.Sorted(slices.Values(testkit.Pages(t, dir))), []string{"/", "/404.html", "/rounds/2025h1-1/"}; !slices.Equal(got, want) {
		t.Errorf("pages %v; want %v", got, want)
	}
	for url, want := range map[string]string{"/": "index.html", "": "index.html", "rounds/2025h1-1/#subscribe": "rounds/2025h1-1/index.html", "calendars/all.ics": "calendars/all.ics"} {
		if got := testkit.Served(t, dir, url); got != want {
			t.Errorf("%q serves %q; want the file %s", url, got, want)
		}
	}
	if file, fragment := testkit.File(dir, "rounds/2025h1-1/#subscribe"); file != filepath.Join(dir, "rounds", "2025h1-1", "index.html") || fragment != "subscribe" {
		t.Errorf("File: %s, %s", file, fragment)
	}
}
