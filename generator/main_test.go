package main

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/permalink"
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
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "usage:"},
		{"unknown command", []string{"publish"}, 2, `unknown command "publish"`},
		{"unknown flag", []string{"build", "-nope"}, 2, "flag provided but not defined"},
		{"stray argument", []string{"check", "-root", root, "extra"}, 2, `unexpected argument "extra"`},
		{"bad base URL", []string{"build", "-root", root, "-baseurl", "exam.example.com"}, 1, "not an absolute http(s) URL"},
		// The test notice has no calendar lock: check fails until a build has written it.
		{"check before a build", []string{"check", "-root", root}, 1, "data/calendar.lock"},
		{"build", []string{"build", "-root", root}, 0, "built " + filepath.Join(root, "public") + ": 2 rounds, 22 milestones, 1 warnings"},
		{"check", []string{"check", "-root", root}, 0, "data ok: 2 rounds, 1 warnings"},
	}
	for _, tt := range tests { // in order: the lock is written by the build
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runGenerator(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errs, tt.want) {
				t.Errorf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", code, tt.code, tt.want, out, errs)
			}
		})
	}
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
// notice (2024h2) that the cases of the bad-input corpus edit, with its text from content/
// and a list of public URLs of its own (the fixture has none).
func corpusProject(t *testing.T) string {
	t.Helper()
	root := testkit.Project(t, testkit.Notice)
	data := filepath.Join(root, "data")
	if err := os.RemoveAll(data); err != nil {
		t.Fatal(err)
	}
	testkit.Copy(t, data, filepath.Join("internal", "data", "testdata", "valid"))
	testkit.Copy(t, filepath.Join(root, "content", "source", "notice-2024h2.txt"), filepath.Join(testkit.Root(), "content", "source", "notice-2024h2.txt"))
	list := "# The public URLs of internal/data/testdata/valid, for the bad-input corpus.\n/\n" + permalink.Schedule + "\n" + permalink.Round("2024h2-3") + "\n" + permalink.Feed("2024h2-3") + "\n"
	if err := os.WriteFile(filepath.Join(data, "public-urls.txt"), []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// Every case of the bad-input corpus, run through the real command: exit 1, the problem's
// file, line and message on stderr, and the published site untouched.
func TestBadInputKeepsPublished(t *testing.T) {
	root := corpusProject(t)
	out := filepath.Join(t.TempDir(), "public")
	buildOK(t, root, out)
	published := testkit.Tree(t, out)
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
	rounds, err := os.ReadFile(filepath.Join(root, "data", "rounds.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases,
		invalidCase{File: "rounds.yaml", Replace: string(rounds), With: "\ufeff" + string(rounds), Want: "rounds.yaml:1:1:", Message: "byte-order mark"},
		invalidCase{File: "rounds.yaml", Replace: "name: 第三次统考", With: "name: \xb5\xda\xc8\xfd", Want: "rounds.yaml:9:", Message: "not UTF-8"},
		invalidCase{File: "rounds.yaml", Replace: string(rounds), With: string(rounds) + strings.Repeat("# padding\n", 1<<20), Want: "rounds.yaml:1:", Message: "expected at most"},
	)
	names = append(names, "bom", "gbk", "ten-megabytes")
	if len(cases) < 40 {
		t.Fatalf("%d bad-input cases; want at least 40", len(cases))
	}
	for i, c := range cases {
		t.Run(names[i], func(t *testing.T) {
			path := filepath.Join(root, "data", c.File)
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
				if strings.HasPrefix(line, filepath.Join(root, "data")+"/"+c.Want) && strings.Contains(line, c.Message) {
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
	if left := testkit.Leftovers(t, out); len(left) > 0 {
		t.Errorf("staging directories left after a clean build: %v", left)
	}
}

// moveSession moves the theory exam of 2025h1-2 on 6月13日 from 08:30–09:30 to 08:00–09:00,
// in rounds.yaml and in the notice's text: one event of the feeds changes.
func moveSession(t *testing.T, root string) {
	t.Helper()
	testkit.Edit(t, root, "data/rounds.yaml",
		"date: 2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:30\", end: \"09:30\"",
		"date: 2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:00\", end: \"09:00\"")
	testkit.Edit(t, root, "content/source/notice-2025h1.txt", "6月13日 (周五)\t初级\t理论考试\t08:30-09:30", "6月13日 (周五)\t初级\t理论考试\t08:00-09:00")
}

// renameRound gives round 2025h1-2 of the test notice the id 2025h1-9, in rounds.yaml and
// groups.yaml: valid data, but every URL and UID of the round changes.
func renameRound(t *testing.T, root string) {
	t.Helper()
	testkit.Edit(t, root, "data/rounds.yaml", "- id: 2025h1-2\n", "- id: 2025h1-9\n")
	testkit.Edit(t, root, "data/groups.yaml", "{round: 2025h1-2,", "{round: 2025h1-9,")
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
		refused(t, root, out, "data/public-urls.txt:12:", "/"+permalink.Round("2025h1-2"), "status: cancelled")
		if _, err := os.Stat(filepath.Join(root, "data", "calendar.lock")); err == nil {
			t.Error("the refused build wrote the calendar lock")
		}
	})
	t.Run("listed URL that no page serves", func(t *testing.T) {
		root := testkit.Project(t, testkit.Notice)
		out := filepath.Join(root, "public")
		buildOK(t, root, out)
		list := filepath.Join(root, "data", "public-urls.txt")
		b, err := os.ReadFile(list)
		if err != nil {
			t.Fatal(err)
		}
		line := bytes.Count(b, []byte("\n")) + 1
		if err := os.WriteFile(list, append(b, permalink.Round("2025h1-1")+"#no-such-place\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
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
	testkit.Edit(t, root, "data/rounds.yaml", "    number: 2\n", "    number: 2\n    status: cancelled\n")
	buildOK(t, root, out)
	page := testkit.Served(t, out, permalink.Round("2025h1-2"))
	if !strings.Contains(page, "已取消") {
		t.Errorf("the page of 2025h1-2 does not say it is cancelled (已取消)")
	}
	feed := testkit.Served(t, out, permalink.Feed("2025h1-2"))
	events, cancelled := strings.Count(feed, "BEGIN:VEVENT"), strings.Count(feed, "STATUS:CANCELLED")
	if events != 11 || cancelled != events {
		t.Errorf("the feed of 2025h1-2 has %d events, %d of them STATUS:CANCELLED; want 11, all cancelled", events, cancelled)
	}
	if other := testkit.Served(t, out, permalink.Feed("2025h1-1")); strings.Contains(other, "STATUS:CANCELLED") {
		t.Error("events of 2025h1-1 are cancelled too")
	}
}

// `generator check` verifies the calendar lock: after a session moved, the lock the last
// build wrote no longer matches the data, and check says to build (and commit the lock).
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
}
