package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/synthetic"
)

// The tests run the generator as a real process, by re-executing this test binary with
// runMainEnv set: exit codes and SIGKILL behave as they do for users.
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

// copyProject copies what a build reads into a new temporary root.
func copyProject(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, name := range []string{"hugo.toml", "data", "content", "themes"} {
		if err := synthetic.Copy(filepath.Join(root, name), filepath.Join("..", name)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// tree fingerprints every file under dir; "" when dir does not exist.
func tree(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		fmt.Fprintf(h, "%s %x\n", rel, sha256.Sum256(b))
		n++
		return nil
	})
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d files %x", n, h.Sum(nil))
}

func TestExitCodes(t *testing.T) {
	root := copyProject(t)
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
		{"check", []string{"check", "-root", root}, 0, "data ok: 5 rounds"},
		{"bad base URL", []string{"build", "-root", root, "-baseurl", "exam.example.com"}, 1, "not an absolute http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runGenerator(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errs, tt.want) {
				t.Errorf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", code, tt.code, tt.want, out, errs)
			}
		})
	}
}

// invalidCase is a case of internal/data/testdata/invalid: an edit of the data and the
// problem it must cause.
type invalidCase struct {
	File    string `yaml:"file"`
	Replace string `yaml:"replace"`
	With    string `yaml:"with"`
	Want    string `yaml:"want"`
	Message string `yaml:"message"`
}

// Every case of the bad-input corpus, run through the real command: exit 1, the problem's
// file, line and message on stderr, and the published site untouched.
func TestBadInputKeepsPublished(t *testing.T) {
	root := copyProject(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, errs, code := runGenerator(t, "build", "-root", root, "-out", out); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, errs)
	}
	published := tree(t, out)
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
	rounds, _ := os.ReadFile(filepath.Join(root, "data", "rounds.yaml"))
	cases = append(cases,
		invalidCase{File: "rounds.yaml", Replace: string(rounds), With: "\ufeff" + string(rounds), Want: "rounds.yaml:1:1:", Message: "byte-order mark"},
		invalidCase{File: "rounds.yaml", Replace: "第三次统考", With: "\xb5\xda\xc8\xfd", Want: "rounds.yaml:9:", Message: "not UTF-8"},
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
			if !bytes.Contains(orig, []byte(c.Replace)) {
				t.Fatalf("%s does not contain %q", c.File, c.Replace)
			}
			if err := os.WriteFile(path, bytes.Replace(orig, []byte(c.Replace), []byte(c.With), 1), 0o644); err != nil {
				t.Fatal(err)
			}
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
			if tree(t, out) != published {
				t.Error("the published site changed")
			}
		})
	}
}

// A build killed at any moment leaves public/ as the whole old site or the whole new one,
// and the next build clears what the killed one left behind.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("kills several builds")
	}
	root := copyProject(t)
	out := filepath.Join(t.TempDir(), "public")
	build := func() {
		t.Helper()
		if _, errs, code := runGenerator(t, "build", "-root", root, "-out", out); code != 0 {
			t.Fatalf("build: exit %d\n%s", code, errs)
		}
	}
	build()
	oldSite := tree(t, out)
	// A new site: one exam day moved, so pages, feeds and the lock all change.
	rounds := filepath.Join(root, "data", "rounds.yaml")
	b, _ := os.ReadFile(rounds)
	b = bytes.Replace(b, []byte(`start: "08:30", end: "09:30"`), []byte(`start: "08:00", end: "09:00"`), 1)
	if err := os.WriteFile(rounds, b, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	newDir := filepath.Join(t.TempDir(), "new")
	// The reference build runs on a copy, so that its calendar lock stays out of root.
	newRoot := t.TempDir()
	if err := synthetic.Copy(newRoot, root); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runGenerator(t, "build", "-root", newRoot, "-out", newDir); code != 0 {
		t.Fatalf("reference build: %s", errs)
	}
	full := time.Since(start)
	newSite := tree(t, newDir)
	if newSite == oldSite {
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
		switch got := tree(t, out); got {
		case oldSite:
			seen["old"]++
		case newSite:
			seen["new"]++
		default:
			t.Fatalf("killed after %v: public/ is neither the old nor the new site (%s)", delay, got)
		}
	}
	t.Logf("after 12 kills: %v (a full build took %v)", seen, full)
	build()
	if got := tree(t, out); got != newSite {
		t.Errorf("the build after the kills did not publish the new site")
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.building-*"))
	if len(leftovers) > 0 {
		t.Errorf("staging directories left after a clean build: %v", leftovers)
	}
}
