package main

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/testkit"
)

// The tests run the generator as a real process, by re-executing this test binary with
// runMainEnv set: exit codes and SIGKILL behave as they do for users. They build copies of
// the project with the test notice (testkit.Project), never the real data/.
const runMainEnv = "EXAMSITE_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func generatorCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	return cmd
}

// runGenerator runs the generator with args, and returns what it printed and its exit code.
func runGenerator(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := generatorCmd(args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), 0
}

// buildOK runs `generator build` of root into out, which must succeed.
func buildOK(t *testing.T, root, out string) {
	t.Helper()
	if _, errs, code := runGenerator(t, "build", "-root", root, "-out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
}

// refused runs `generator build` of root into out, which must exit 1 with every one of
// wants on stderr and leave out as published, with no staging directory behind.
func refused(t *testing.T, root, out string, wants ...string) {
	t.Helper()
	published := testkit.Tree(t, out)
	_, errs, code := runGenerator(t, "build", "-root", root, "-out", out)
	if code != 1 {
		t.Errorf("exit %d, want 1\n%s", code, errs)
	}
	for _, w := range wants {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr does not say %q:\n%s", w, errs)
		}
	}
	testkit.Unchanged(t, out, published)
}

func TestExitCodes(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	// In order: the lock and the list are written by the build.
	testkit.RunCLI(t, runGenerator, []testkit.CLICase{
		{Name: "unknown command", Args: []string{"publish"}, Code: 2, Wants: []string{`unknown command "publish"`}},
		{Name: "unknown flag", Args: []string{"build", "-nope"}, Code: 2, Wants: []string{"flag provided but not defined"}},
		{Name: "stray argument", Args: []string{"check", "-root", root, "extra"}, Code: 2, Wants: []string{`unexpected argument "extra"`}},
		{Name: "bad base URL", Args: []string{"build", "-root", root, "-baseurl", "exam.example.com"}, Code: 1, Wants: []string{"not an absolute http(s) URL"}},
		{Name: "bad SOURCE_DATE_EPOCH", Env: project.SourceDateEpochEnv + "=yesterday", Args: []string{"build", "-root", root}, Code: 1, Wants: []string{`SOURCE_DATE_EPOCH="yesterday" is not a whole number of seconds`}},
		// The test notice has no calendar lock, and its list of public URLs lacks the notice's
		// own pages: check fails until a build has recorded both.
		{Name: "check before a build", Args: []string{"check", "-root", root}, Code: 1, Wants: []string{"data/calendar.lock", "data/public-urls.txt is out of date", "run `make` and commit it"}},
		{Name: "build", Args: []string{"build", "-root", root}, Code: 0, Wants: []string{"built " + filepath.Join(root, "public") + ": 1 notice, 2 rounds, 22 milestones, 1 warning", "; 11 new public URLs recorded"}},
		{Name: "check", Args: []string{"check", "-root", root}, Code: 0, Wants: []string{"data ok: 1 notice, 2 rounds, 1 warning"}},
	})
}

// invalidCase is a case of internal/data/testdata/invalid: an edit of the data of
// internal/data/testdata/valid and the problem it must cause.
type invalidCase struct {
	File    string `yaml:"file"`
	Replace string `yaml:"replace"`
	With    string `yaml:"with"`
	Want    string `yaml:"want"`
	Message string `yaml:"message"`
}

// corpusProject is a copy of the project whose data is internal/data/testdata/valid, the
// notice (2024h2, with its text) that the cases of the bad-input corpus edit. It has no
// calendar lock and no list of public URLs: its first build records both.
func corpusProject(t *testing.T) string {
	t.Helper()
	root := testkit.Project(t, testkit.Notice)
	data := project.Layout{Root: root}.Data()
	if err := os.RemoveAll(data); err != nil {
		t.Fatal(err)
	}
	testkit.Copy(t, data, filepath.Join("internal", "data", "testdata", "valid"))
	return root
}

// Every case of the bad-input corpus, run through the real command: exit 1, the problem's
// file, line and message on stderr, and the published site untouched.
func TestBadInputKeepsPublished(t *testing.T) {
	root := corpusProject(t)
	out := filepath.Join(t.TempDir(), "public")
	buildOK(t, root, out)
	published := testkit.Tree(t, out)
	if len(published) == 0 || !strings.Contains(testkit.Served(t, out, permalink.Round("2024h2-3")), "第三次统考") {
		t.Fatal("the corpus notice's site was not built")
	}
	paths, _ := filepath.Glob("internal/data/testdata/invalid/*.yaml")
	var cases []invalidCase
	var names []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var c invalidCase
		if err := yaml.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cases, names = append(cases, c), append(names, strings.TrimSuffix(filepath.Base(p), ".yaml"))
	}
	// Cases that are bytes rather than text.
	const roundsFile = "notices/2024h2/rounds.yaml"
	rounds, err := os.ReadFile(filepath.Join(root, "data", filepath.FromSlash(roundsFile)))
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases,
		invalidCase{File: roundsFile, Replace: string(rounds), With: "\ufeff" + string(rounds), Want: roundsFile + ":1:1:", Message: "byte-order mark"},
		invalidCase{File: roundsFile, Replace: "name: 第三次统考", With: "name: \xb5\xda\xc8\xfd", Want: roundsFile + ":9:", Message: "not UTF-8"},
		invalidCase{File: roundsFile, Replace: string(rounds), With: string(rounds) + strings.Repeat("# padding\n", 1<<20), Want: roundsFile + ":1:", Message: "expected at most"},
	)
	names = append(names, "bom", "gbk", "ten-megabytes")
	if len(cases) < 45 {
		t.Fatalf("%d bad-input cases; want at least 45", len(cases))
	}
	for i, c := range cases {
		t.Run(names[i], func(t *testing.T) {
			path := filepath.Join(root, "data", filepath.FromSlash(c.File))
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(path, orig, 0o644)
			testkit.Edit(t, root, "data/"+c.File, c.Replace, c.With)
			_, errs, code := runGenerator(t, "build", "-root", root, "-out", out)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			found := false
			for _, line := range strings.Split(errs, "\n") {
				if strings.HasPrefix(line, project.Layout{Root: root}.Data()+"/"+c.Want) && strings.Contains(line, c.Message) {
					found = true
				}
			}
			if !found {
				t.Errorf("stderr lacks %s ... %q:\n%s", c.Want, c.Message, errs)
			}
			testkit.Unchanged(t, out, published)
		})
	}
}

// A build killed at any moment leaves public/ as the whole old site or the whole new one,
// and the next build clears what the killed one left behind.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("kills several builds")
	}
	root := testkit.Project(t, testkit.Notice)
	out := filepath.Join(t.TempDir(), "public")
	buildOK(t, root, out)
	oldSite := testkit.Tree(t, out)
	moveSession(t, root) // a new site: pages, feeds and the lock all change
	start := time.Now()
	newDir := filepath.Join(t.TempDir(), "new")
	// The reference build runs on a copy, so that its calendar lock stays out of root.
	newRoot := t.TempDir()
	testkit.Copy(t, newRoot, root)
	buildOK(t, newRoot, newDir)
	full := time.Since(start)
	newSite := testkit.Tree(t, newDir)
	if maps.Equal(newSite, oldSite) {
		t.Fatal("the edit did not change the site")
	}
	seen := map[string]int{}
	for i := range 12 {
		delay := full * time.Duration(i) / 10 // from at once to after a whole build
		cmd := generatorCmd("build", "-root", root, "-out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		switch got := testkit.Tree(t, out); {
		case maps.Equal(got, oldSite):
			seen["old"]++
		case maps.Equal(got, newSite):
			seen["new"]++
		default:
			t.Fatalf("killed after %v: public/ is neither the old nor the new site (%d files)", delay, len(got))
		}
	}
	t.Logf("after 12 kills: %v (a full build took %v)", seen, full)
	buildOK(t, root, out)
	if !maps.Equal(testkit.Tree(t, out), newSite) {
		t.Errorf("the build after the kills did not publish the new site")
	}
	// After a clean build only the site it replaced is left, for the next build to remove.
	if left := testkit.Leftovers(t, out); len(left) != 1 || !strings.HasSuffix(left[0], ".retired") {
		t.Errorf("beside public/ after a clean build: %v; want only the replaced site, retired", left)
	}
}

// moveSession moves the theory exam of 2025h1-2 on 6月13日 from 08:30–09:30 to 08:00–09:00,
// in the notice's rounds.yaml and in its text: one event of the feeds changes.
func moveSession(t *testing.T, root string) {
	t.Helper()
	testkit.Edit(t, root, "data/notices/2025h1/rounds.yaml",
		"date: 2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:30\", end: \"09:30\"",
		"date: 2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:00\", end: \"09:00\"")
	testkit.Edit(t, root, "data/notices/2025h1/notice-2025h1.txt", "6月13日 (周五)\t初级\t理论考试\t08:30-09:30", "6月13日 (周五)\t初级\t理论考试\t08:00-09:00")
}

// renameRound gives round 2025h1-2 of the test notice the id 2025h1-9, in its rounds.yaml and
// groups.yaml: valid data, but every URL and UID of the round changes.
func renameRound(t *testing.T, root string) {
	t.Helper()
	testkit.Edit(t, root, "data/notices/2025h1/rounds.yaml", "- id: 2025h1-2\n", "- id: 2025h1-9\n")
	testkit.Edit(t, root, "data/notices/2025h1/groups.yaml", "{round: 2025h1-2,", "{round: 2025h1-9,")
}

// A published round renamed is refused by the calendar lock, which names the old id and
// says to cancel instead; public/ stays as it was.
func TestRenamedRoundRefused(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	out := filepath.Join(root, "public")
	buildOK(t, root, out) // writes public/ and data/calendar.lock
	renameRound(t, root)
	refused(t, root, out, "data/calendar.lock: round 2025h1-2 was published with 11 events", "status: cancelled")
}

// replaceInData replaces old by new in every file under root's data/, the records too, as an
// editor's replace-in-files does, and returns how many files it changed.
func replaceInData(t *testing.T, root, old, new string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(project.Layout{Root: root}.Data(), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(old)) {
			return err
		}
		n++
		return os.WriteFile(p, bytes.ReplaceAll(b, []byte(old), []byte(new)), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The published site is the last guard of what subscribers hold: data/ edited with its
// records, so that the records no longer know what was published, still cannot drop a
// round's page and feed, or a whole notice; the build names what would vanish, and public/
// stays byte for byte as it was.
func TestPublishedSiteKept(t *testing.T) {
	t.Run("round renamed everywhere", func(t *testing.T) {
		root := testkit.Project(t, testkit.Two)
		out := filepath.Join(root, "public")
		buildOK(t, root, out) // writes the calendar lock, the record of changes, the URLs
		if n := replaceInData(t, root, "2025h2-4", "2025h2-9"); n < 4 {
			t.Fatalf("the rename changed %d files; want the notice's data and the records", n)
		}
		refused(t, root, out, "the new site would drop what the published one", "/"+permalink.Round("2025h2-4")+"index.html (a page)", "/calendars/2025h2-4.ics (a calendar feed)", "status: cancelled")
	})
	t.Run("notice folder deleted", func(t *testing.T) {
		root := testkit.Project(t, testkit.Two)
		out := filepath.Join(root, "public")
		buildOK(t, root, out)
		if err := os.RemoveAll(filepath.Join(root, "data", "notices", "2025h1")); err != nil {
			t.Fatal(err)
		}
		for _, record := range []string{"calendar.lock", "changes.lock", "public-urls.txt"} { // the records forget it too
			p := filepath.Join(root, "data", record)
			b, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			var kept []string
			for _, l := range strings.SplitAfter(string(b), "\n") {
				if !strings.Contains(l, "2025h1") {
					kept = append(kept, l)
				}
			}
			if err := os.WriteFile(p, []byte(strings.Join(kept, "")), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		refused(t, root, out, "the new site would drop what the published one", "/"+permalink.Notice("2025h1")+"index.html (a page)", "/"+permalink.Round("2025h1-2")+"index.html (a page)", "/calendars/2025h1-1.ics (a calendar feed)")
	})
}

// Two builds started at once in one site folder never interleave: the second waits for the
// first (saying so when it has to), both succeed, and public/ is a whole site.
func TestConcurrentBuilds(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	want := filepath.Join(t.TempDir(), "public")
	buildOK(t, testkit.Project(t, testkit.Notice), want)
	var wg sync.WaitGroup
	errs := make([]string, 2)
	codes := make([]int, 2)
	for i := range 2 {
		wg.Go(func() {
			var stderr string
			_, stderr, codes[i] = runGenerator(t, "build", "-root", root)
			errs[i] = stderr
		})
	}
	wg.Wait()
	for i := range 2 {
		if codes[i] != 0 {
			t.Errorf("build %d: exit %d\n%s", i+1, codes[i], errs[i])
		}
	}
	if written, deleted := testkit.Diff(testkit.Tree(t, want), testkit.Tree(t, filepath.Join(root, "public"))); len(written)+len(deleted) > 0 {
		t.Errorf("public/ after two builds at once differs from one build's in %v and %v", written, deleted)
	}
}

// A build that no longer serves a URL of data/public-urls.txt is refused, naming the URL and
// the list; public/ stays as it was.
func TestDroppedPublicURLRefused(t *testing.T) {
	t.Run("renamed round, no lock yet", func(t *testing.T) {
		// public/ holds the site of the test notice, built from another copy: this one has
		// no calendar lock, which would refuse the rename first.
		out := filepath.Join(t.TempDir(), "public")
		buildOK(t, testkit.Project(t, testkit.Notice), out)
		root := testkit.Project(t, testkit.Notice)
		renameRound(t, root)
		list := readList(t, root)
		refused(t, root, out, "data/public-urls.txt:13:", "/"+permalink.Round("2025h1-2"), "status: cancelled")
		if _, err := os.Stat(filepath.Join(root, "data", "calendar.lock")); err == nil {
			t.Error("the refused build wrote the calendar lock")
		}
		if readList(t, root) != list {
			t.Error("the refused build recorded public URLs")
		}
	})
	t.Run("listed URL that no page serves", func(t *testing.T) {
		root := testkit.Project(t, testkit.Notice)
		out := filepath.Join(root, "public")
		buildOK(t, root, out)
		b := readList(t, root)
		line := strings.Count(b, "\n") + 1
		writeList(t, root, b+permalink.Round("2025h1-1")+"#no-such-place\n")
		refused(t, root, out, "data/public-urls.txt:"+strconv.Itoa(line)+":", "/"+permalink.Round("2025h1-1")+"#no-such-place", `"no-such-place"`)
	})
}

// A round that will not take place keeps its id with `status: cancelled`: the build
// publishes it, its page and feed stay where subscribers and QR codes find them, and every
// event of the feed reaches calendars as cancelled.
func TestCancelledRoundBuilds(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	out := filepath.Join(root, "public")
	buildOK(t, root, out)
	if strings.Contains(testkit.Served(t, out, permalink.Round("2025h1-2")), "已取消") {
		t.Fatal("the page of 2025h1-2 says 已取消 before the round is cancelled")
	}
	testkit.Edit(t, root, "data/notices/2025h1/rounds.yaml", "    number: 2\n", "    number: 2\n    status: cancelled\n")
	buildOK(t, root, out)
	page := testkit.Served(t, out, permalink.Round("2025h1-2"))
	if !strings.Contains(page, "已取消") {
		t.Errorf("the page of 2025h1-2 does not say it is cancelled (已取消)")
	}
	// The round's feed: its 11 events, all cancelled; the notice's feed and all.ics: those 11
	// cancelled among the 22 of the notice.
	for _, f := range []struct {
		feed              string
		events, cancelled int
	}{
		{permalink.Feed("2025h1-2"), 11, 11},
		{permalink.Feed("2025h1-1"), 11, 0},
		{permalink.NoticeFeed("2025h1"), 22, 11},
		{permalink.AllFeed, 22, 11},
	} {
		feed := testkit.Served(t, out, f.feed)
		if events, cancelled := strings.Count(feed, "BEGIN:VEVENT"), strings.Count(feed, "STATUS:CANCELLED"); events != f.events || cancelled != f.cancelled {
			t.Errorf("%s has %d events, %d of them STATUS:CANCELLED; want %d, %d cancelled", f.feed, events, cancelled, f.events, f.cancelled)
		}
	}
}

// `generator check` verifies the calendar lock and the record of changes: after a session
// moved, what the last build wrote no longer matches the data, and check names both files and
// says to build (and commit them).
func TestStaleLockFailsCheck(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	buildOK(t, root, filepath.Join(root, "public"))
	if out, errs, code := runGenerator(t, "check", "-root", root); code != 0 {
		t.Fatalf("check after a build: exit %d\n%s%s", code, out, errs)
	}
	moveSession(t, root)
	out, errs, code := runGenerator(t, "check", "-root", root)
	if code != 1 || !strings.Contains(errs, "data/calendar.lock is out of date for 1 event") {
		t.Errorf("check of a stale lock: exit %d, want 1 naming data/calendar.lock and the one event that moved\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if !strings.Contains(errs, "data/changes.lock is out of date: it lacks 1 change of the data; run `make` and commit it") {
		t.Errorf("check of a stale record of changes: want it named, with the one change\nstderr: %s", errs)
	}
}

// readList is the project root's data/public-urls.txt ("" when there is none).
func readList(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "data", publicurl.File))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return string(b)
}

// writeList replaces the project root's data/public-urls.txt by list.
func writeList(t *testing.T, root, list string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, "data", publicurl.File), []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
}

// listed are the URLs of a list of public URLs, one a line, as the list writes them.
func listed(list string) map[string]bool {
	urls := map[string]bool{}
	for _, line := range strings.Split(list, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			urls[line] = true
		}
	}
	return urls
}

// newURLs is the number of public URLs a build says it recorded.
func newURLs(t *testing.T, stdout string) int {
	t.Helper()
	m := regexp.MustCompile(`; (\d+) new public URLs? recorded\n`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("the build does not say how many public URLs it recorded:\n%s", stdout)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// checkOK runs `generator check` of root, which must pass.
func checkOK(t *testing.T, root string) {
	t.Helper()
	if out, errs, code := runGenerator(t, "check", "-root", root); code != 0 {
		t.Errorf("check: exit %d, want 0\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// The build records the public URLs of the data in data/public-urls.txt once the site is
// published, and `generator check` fails while the list lacks some, like the lock.
func TestPublicURLsRecorded(t *testing.T) {
	// A project never published has no list: the first build writes it whole.
	t.Run("no list yet", func(t *testing.T) {
		root := testkit.Project(t, testkit.Notice)
		if err := os.Remove(filepath.Join(root, "data", publicurl.File)); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "public")
		stdout, errs, code := runGenerator(t, "build", "-root", root, "-out", out)
		if code != 0 {
			t.Fatalf("build: exit %d\n%s", code, errs)
		}
		urls := listed(readList(t, root))
		// The test notice's: 13 fixed pages and files (with the changes page); its overview, 6
		// pages, JSON, feed and text; per round its page, subscribe place and 11 single events,
		// its feed, and the group of 2025h1-1 (2025h1-2's has an official join link).
		if n := newURLs(t, stdout); n != 13+10+2*14+1 || len(urls) != n {
			t.Errorf("the first build recorded %d URLs, the list holds %d; want %d", n, len(urls), 13+10+2*14+1)
		}
		for _, u := range []string{"/", permalink.Notices, permalink.Notice("2025h1"), permalink.NoticePage("2025h1", permalink.Source),
			permalink.NoticeJSON("2025h1"), permalink.NoticeFeed("2025h1"), permalink.SourceText("notice-2025h1.txt"),
			permalink.Round("2025h1-2"), permalink.RoundSubscribe("2025h1-2"), permalink.Group("2025h1-1"), permalink.Feed("2025h1-1"),
			permalink.Event("2025h1-2", "certificates"), permalink.AllFeed, permalink.JSON} {
			if !urls[u] {
				t.Errorf("the recorded list lacks %s", u)
			}
			if file, _ := testkit.File(out, u); !fileExists(file) {
				t.Errorf("the site does not serve %s", u)
			}
		}
		checkOK(t, root)
	})
	// A list that lacks URLs of the data (here, one that a build recorded is gone): check
	// fails, naming it; the build still publishes and the list grows; then check passes.
	t.Run("list lacks URLs", func(t *testing.T) {
		root := testkit.Project(t, testkit.Notice)
		out := filepath.Join(root, "public")
		buildOK(t, root, out)
		full := readList(t, root)
		lacking := strings.Replace(full, permalink.NoticePage("2025h1", permalink.Source)+"\n", "", 1)
		if lacking == full {
			t.Fatalf("the recorded list lacks %s:\n%s", permalink.NoticePage("2025h1", permalink.Source), full)
		}
		writeList(t, root, lacking)
		out1, errs, code := runGenerator(t, "check", "-root", root)
		if code != 1 || !strings.Contains(errs, "data/public-urls.txt is out of date: it lacks 1 public URL of the data (first /"+permalink.NoticePage("2025h1", permalink.Source)+"); run `make` and commit it") {
			t.Errorf("check of a list lacking a URL: exit %d, want 1 naming data/public-urls.txt and the URL\nstdout: %s\nstderr: %s", code, out1, errs)
		}
		if strings.Contains(errs, "calendar.lock") {
			t.Errorf("check blames the lock, which is up to date:\n%s", errs)
		}
		stdout, errs, code := runGenerator(t, "build", "-root", root, "-out", out)
		if code != 0 {
			t.Fatalf("build: exit %d\n%s", code, errs)
		}
		if n := newURLs(t, stdout); n != 1 {
			t.Errorf("the build recorded %d URLs; want the 1 missing", n)
		}
		if got, want := readList(t, root), lacking+permalink.NoticePage("2025h1", permalink.Source)+"\n"; got != want {
			t.Errorf("the list after the build:\n%s\nwant the list it had with the missing URL added at the end:\n%s", got, want)
		}
		checkOK(t, root)
	})
}

// lockLines maps each event's UID in the project root's data/calendar.lock to its line.
func lockLines(t *testing.T, root string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "data", "calendar.lock"))
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if uid, _, ok := strings.Cut(line, " "); ok && !strings.HasPrefix(line, "#") {
			lines[uid] = line
		}
	}
	return lines
}

// Adding the next notice, as staff do (docs/数据维护.md "Add the next notice"): the site of the test
// notice is published, with its lock and its list of public URLs recorded; then the folder of
// the newer notice 2025h2 is added and the project built again. The build publishes both
// notices, serves every URL of the earlier one, records the new notice's URLs and events, and
// leaves every earlier event as it was published.
func TestAddNotice(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	out := filepath.Join(root, "public")
	buildOK(t, root, out)
	checkOK(t, root)
	oldList, oldLock := readList(t, root), lockLines(t, root)
	if len(oldLock) != 22 {
		t.Fatalf("the first build recorded %d events in the lock; want the 22 of 2025h1", len(oldLock))
	}
	oldFiles := testkit.Files(t, out)

	testkit.AddNotice(t, root, testkit.Two, "2025h2")
	// Until the next build, check says that the lock and the list lack the new notice.
	if stdout, errs, code := runGenerator(t, "check", "-root", root); code != 1 || !strings.Contains(errs, "data/calendar.lock is out of date") || !strings.Contains(errs, "data/public-urls.txt is out of date") {
		t.Errorf("check of the added notice before a build: exit %d, want 1 naming the lock and the list\nstdout: %s\nstderr: %s", code, stdout, errs)
	}
	stdout, errs, code := runGenerator(t, "build", "-root", root, "-out", out)
	if code != 0 {
		t.Fatalf("the build with the added notice: exit %d\n%s", code, errs)
	}
	if !strings.Contains(stdout, ": 2 notices, 4 rounds, 44 milestones, 1 warning") {
		t.Errorf("the summary does not count both notices:\n%s", stdout)
	}

	// Every URL of the earlier notice is still served, at its #place too.
	for u := range listed(oldList) {
		file, fragment := testkit.File(out, u)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s is no longer served: %v", u, err)
		} else if fragment != "" && !strings.Contains(string(b), ` id="`+fragment+`"`) {
			t.Errorf("%s: the page has no #%s any more", u, fragment)
		}
	}
	// The list keeps every line it had, and now also holds the new notice's URLs: its overview,
	// 6 pages, JSON, feed and text; for each of its 2 rounds the page, the subscribe place, the
	// group (neither has a join link), the feed and 11 single events.
	newList := readList(t, root)
	if !strings.HasPrefix(newList, oldList) {
		t.Error("the build changed lines of the list of public URLs; it may only add to its end")
	}
	if n := newURLs(t, stdout); n != 10+2*15 || len(listed(newList))-len(listed(oldList)) != n {
		t.Errorf("the build recorded %d URLs, the list grew by %d; want %d", n, len(listed(newList))-len(listed(oldList)), 10+2*15)
	}
	added := listed(strings.TrimPrefix(newList, oldList))
	for _, u := range []string{permalink.Notice("2025h2"), permalink.NoticePage("2025h2", permalink.Schedule), permalink.NoticeJSON("2025h2"),
		permalink.NoticeFeed("2025h2"), permalink.SourceText("notice-2025h2.txt"), permalink.Round("2025h2-3"), permalink.RoundSubscribe("2025h2-4"),
		permalink.Group("2025h2-3"), permalink.Group("2025h2-4"), permalink.Feed("2025h2-4"), permalink.Event("2025h2-3", "fee-payment")} {
		if !added[u] {
			t.Errorf("the list does not record the new notice's %s", u)
		}
	}
	for u := range added {
		if !strings.Contains(u, "2025h2") {
			t.Errorf("the build recorded %s, which is not the new notice's", u)
		}
	}

	// The lock: every earlier event's line as it was (SEQUENCE 0, LAST-MODIFIED 2025-03-01,
	// the same content hash), and the 22 events of 2025h2, new (SEQUENCE 0, 2025-08-01).
	newLock := lockLines(t, root)
	if len(newLock) != 44 {
		t.Errorf("the lock records %d events; want 44", len(newLock))
	}
	for uid, line := range oldLock {
		if newLock[uid] != line {
			t.Errorf("the lock's line of %s changed:\n%s\nto\n%s", uid, line, newLock[uid])
		}
		if f := strings.Fields(line); len(f) != 4 || f[2] != "0" || f[3] != "2025-03-01" {
			t.Errorf("the lock's line of %s: %q; want SEQUENCE 0 on 2025-03-01", uid, line)
		}
	}
	for uid, line := range newLock {
		if _, old := oldLock[uid]; old {
			continue
		}
		if f := strings.Fields(line); !strings.HasPrefix(uid, "2025h2-") || len(f) != 4 || f[2] != "0" || f[3] != "2025-08-01" {
			t.Errorf("the lock's new line %q; want an event of 2025h2 with SEQUENCE 0 on 2025-08-01", line)
		}
	}
	// What subscribers of the earlier notice hold does not change: its rounds' feeds, its own
	// feed and every single event keep their bytes (and so SEQUENCE:0); all.ics gains the new
	// events.
	newFiles := testkit.Files(t, out)
	for name, b := range oldFiles {
		if strings.HasPrefix(name, "calendars/") && name != permalink.AllFeed && newFiles[name] != b {
			t.Errorf("%s changed when a notice was added", name)
		}
	}
	if got := strings.Count(newFiles[permalink.AllFeed], "BEGIN:VEVENT"); got != 44 {
		t.Errorf("all.ics holds %d events; want both notices' 44", got)
	}
	if got := strings.Count(oldFiles[permalink.Feed("2025h1-1")], "SEQUENCE:0\r\n"); got != 11 {
		t.Errorf("the feed of 2025h1-1 has %d events with SEQUENCE:0; want 11", got)
	}
	checkOK(t, root)
}
