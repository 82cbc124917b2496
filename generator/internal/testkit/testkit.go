// Package testkit is the one set of helpers the tests share: copy a project (the real
// theme and content with a test notice of generator/testdata/), add a notice to it or edit
// a file in it, read a tree, list the pages of a built site and map a URL to its file, and
// find a tool that `make test` installs (a failure in CI, a skip elsewhere). Only tests
// import it.
//
// It imports none of the generator's packages but permalink and project, so that the tests
// of every other package may use it; building a project (package pipeline) is in
// testkit/buildkit.
package testkit

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/project"
)

// Root is the project's root directory (hugo.toml, data/, content/, themes/).
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", "..", ".."))
}

// The test projects of generator/testdata/: each is a data/ directory in the layout of the
// real one (the shared provinces.yaml, workdays.yaml and workdays-<year>.txt, public-urls.txt,
// and data/notices/<notice id>/ with a notice's six data files, its text and provenance.txt).
const (
	// Notice is a small made-up notice (2025h1: two rounds, three contacts, one group with an
	// official join link) in the real notice's template, with its own text.
	Notice = "notice"
	// Two is the notice 2025h1 of Notice and a newer made-up notice beside it (2025h2: two
	// rounds, its own groups and text, the same contacts and fees), for a site of several
	// notices.
	Two = "two"
)

// Fixture is the project directory of the test notices name: its data/.
func Fixture(name string) string {
	return filepath.Join(Root(), "generator", "testdata", name)
}

// Project copies into a new temporary directory what a build reads: the real project's
// hugo.toml, content/ and themes/, with the data/ of the test fixture in place of the real
// one (the notices' texts are in it, data/notices/<id>/). It returns the new root.
func Project(t testing.TB, fixture string) string {
	t.Helper()
	root := t.TempDir()
	real := Root()
	for _, name := range []string{"hugo.toml", "content", "themes"} {
		Copy(t, filepath.Join(root, name), filepath.Join(real, name))
	}
	Copy(t, root, Fixture(fixture))
	return root
}

// Empty copies into a new temporary directory the real project without any notice: its
// hugo.toml, content/ and themes/, and of its data/ only what every notice shares
// (provinces.yaml, workdays.yaml and workdays-<year>.txt) with an empty data/notices/, as the
// importer of a notice finds a project. It returns the new root.
func Empty(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	real := Root()
	for _, name := range []string{"hugo.toml", "content", "themes"} {
		Copy(t, filepath.Join(root, name), filepath.Join(real, name))
	}
	shared, err := filepath.Glob(filepath.Join(real, "data", "workdays-*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	shared = append(shared, filepath.Join(real, "data", "provinces.yaml"), filepath.Join(real, "data", "workdays.yaml"))
	for _, f := range shared {
		Copy(t, filepath.Join(root, "data", filepath.Base(f)), f)
	}
	if err := os.MkdirAll(filepath.Join(root, "data", "notices"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

// AddNotice adds the notice id of the test project fixture to the project copy root, as
// staff add the next notice: its folder data/notices/<id>/ (six data files, its text,
// provenance.txt), and nothing else of root changes. The shared data of root must cover it
// (the fixtures share theirs).
func AddNotice(t testing.TB, root, fixture, id string) {
	t.Helper()
	dst := filepath.Join(root, "data", "notices", id)
	if _, err := os.Stat(dst); err == nil {
		t.Fatalf("the project %s already holds the notice %s", root, id)
	}
	src := filepath.Join(Fixture(fixture), "data", "notices", id)
	if _, err := os.Stat(filepath.Join(src, "notice.yaml")); err != nil {
		t.Fatalf("the fixture %s has no notice %s: %v", fixture, id, err)
	}
	Copy(t, dst, src)
}

// Copy copies the file or directory tree src to dst, creating what is missing.
func Copy(t testing.TB, dst, src string) {
	t.Helper()
	if err := CopyTree(dst, src); err != nil {
		t.Fatalf("copying %s: %v", src, err)
	}
}

// CopyTree is Copy for code without a testing.TB (the synthetic notices of the benchmarks).
func CopyTree(dst, src string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
}

// Edit replaces old by new in the file rel (slash-separated) of root; old must occur
// exactly once, so that an edit never silently misses after the fixture changes.
func Edit(t testing.TB, root, rel, old, new string) {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(rel))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), old); n != 1 {
		t.Fatalf("%s holds %q %d times; an edit needs exactly one", rel, old, n)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Tree maps every file under dir, by slash-separated path, to the SHA-256 of its bytes; it
// is empty when dir does not exist.
func Tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := Files(t, dir)
	for name, b := range files {
		files[name] = fmt.Sprintf("%x", sha256.Sum256([]byte(b)))
	}
	return files
}

// Files maps every file under dir, by slash-separated path, to its contents; it is empty
// when dir does not exist.
func Files(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return files
}

// WriteFiles makes a new temporary directory holding the files named (slash-separated) with
// their text, the inverse of Files; a name ending in "/" is an empty directory.
func WriteFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
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

// Unchanged fails the test unless the site published in out is still before (a Tree of it),
// file for file, and no build left a staging directory beside it: what a refused, failed or
// killed build must leave. (The site an earlier build replaced may wait there, retired.)
func Unchanged(t testing.TB, out string, before map[string]string) {
	t.Helper()
	if !maps.Equal(Tree(t, out), before) {
		t.Error("the published site changed")
	}
	for _, left := range Leftovers(t, out) {
		if !strings.HasSuffix(left, ".retired") {
			t.Errorf("staging left behind: %s", left)
		}
	}
}

// Leftovers lists what builds left beside the published directory out (.public.building-*
// beside public/, as package publish names them): after a successful build, the site it
// replaced (….retired), which the next build removes; never a staging directory.
func Leftovers(t testing.TB, out string) []string {
	t.Helper()
	left, err := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".building-*"))
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// File is the file of the site built in dir that serves the path url (relative to the base
// URL, as permalink makes it or data/public-urls.txt lists it), and url's fragment.
func File(dir, url string) (file, fragment string) {
	rel, fragment := permalink.File(url)
	return filepath.Join(dir, filepath.FromSlash(rel)), fragment
}

// Pages lists the URL path, from the site's root, of every HTML page of the site built in
// dir: "/" and "/schedule/" for index.html files, "/404.html" for the others.
func Pages(t testing.TB, dir string) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		paths = append(paths, strings.TrimSuffix("/"+filepath.ToSlash(rel), "index.html"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// Served is the content of the file of the site built in dir that serves url (as File maps
// it; the fragment is ignored). It fails the test when there is none.
func Served(t testing.TB, dir, url string) string {
	t.Helper()
	file, _ := File(dir, url)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the site does not serve %s: %v", url, err)
	}
	return string(b)
}

// Tool finds a program the tests need: a command on PATH (like "chromium" or "pdftotext")
// or, for a name containing a slash, a file that `make test` installs under .build/tools/
// (like "node_modules/vnu-jar/build/dist/vnu.jar"). When it is missing the test fails in CI
// (CI set), where `make test` must have installed it, and is skipped elsewhere.
func Tool(t testing.TB, name string) string {
	t.Helper()
	if strings.Contains(name, "/") {
		p := filepath.Join(Root(), ".build", "tools", filepath.FromSlash(name))
		if _, err := os.Stat(p); err == nil {
			return p
		}
	} else if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed; `make test` installs it (bash .ci/install-test-deps)", name)
	}
	t.Skipf("%s is not installed; run `make test` to install it", name)
	return ""
}

// Diff compares two trees (of Tree or Files): written lists the files of after that before
// lacks or holds otherwise, deleted those of before that after lacks, each sorted.
func Diff(before, after map[string]string) (written, deleted []string) {
	for name, v := range after {
		if old, ok := before[name]; !ok || old != v {
			written = append(written, name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			deleted = append(deleted, name)
		}
	}
	slices.Sort(written)
	slices.Sort(deleted)
	return written, deleted
}

// CLICase is one run of the generator's command line and what it must do.
type CLICase struct {
	Name  string
	Env   string // a variable of the environment for the run, NAME=value, or ""
	Args  []string
	Code  int      // the exit code
	Wants []string // what stdout or stderr must say, each
}

// RunCLI runs the cases in order, each a subtest, with run, which runs the command line args
// and returns what it printed and its exit code.
func RunCLI(t *testing.T, run func(t *testing.T, args ...string) (stdout, stderr string, code int), cases []CLICase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if name, value, ok := strings.Cut(c.Env, "="); ok {
				t.Setenv(name, value)
			}
			out, errs, code := run(t, c.Args...)
			if code != c.Code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.Code, out, errs)
			}
			for _, w := range c.Wants {
				if !strings.Contains(out+errs, w) {
					t.Errorf("the output does not say %q\nstdout: %s\nstderr: %s", w, out, errs)
				}
			}
		})
	}
}

// FixtureData is the data directory of the test project fixture.
func FixtureData(fixture string) string { return project.Layout{Root: Fixture(fixture)}.Data() }

// FreePort is a TCP port of 127.0.0.1 that nothing listens on now.
func FreePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// WaitListening waits until a server accepts connections at addr; log is its log, for the
// failure.
func WaitListening(t testing.TB, addr, log string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
	}
	b, _ := os.ReadFile(log)
	t.Fatalf("nothing listens at %s after 15 s; its log:\n%s", addr, b)
}

// ImporterFixture is a file of the importer's test documents (the notice as sent, its
// corrected versions), for the tests of the packages that use them.
func ImporterFixture(parts ...string) string {
	return filepath.Join(append([]string{Root(), "generator", "internal", "importer", "testdata"}, parts...)...)
}
