package build

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"examnotice/generator/internal/synthetic"
)

// copyProject copies what a build reads (hugo.toml, data/, content/, themes/) into a new
// temporary root, so that tests may break it without touching the real project.
func copyProject(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	for _, name := range []string{"hugo.toml", "data", "content", "themes"} {
		if err := synthetic.Copy(filepath.Join(root, name), filepath.Join("..", "..", "..", name)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// tree maps every file under dir to the SHA-256 of its bytes.
func tree(t testing.TB, dir string) map[string]string {
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
		files[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func build(t testing.TB, root, out string) (Summary, string, error) {
	t.Helper()
	var log bytes.Buffer
	sum, err := Build(Options{Root: root, Out: out, Log: &log})
	return sum, log.String(), err
}

func TestBuild(t *testing.T) {
	root := copyProject(t)
	out := filepath.Join(t.TempDir(), "public")
	sum, log, err := build(t, root, out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rounds != 5 || sum.Warnings != 5 {
		t.Errorf("summary %s: want 5 rounds, 5 warnings", sum)
	}
	if !strings.Contains(log, "第三次统考: the table's 报名截止 2024-09-14 differs") {
		t.Errorf("the registration warning is not printed:\n%s", log)
	}
	pages := map[string][]string{
		"index.html":                 {"第三次统考", "2024-09-26", "912433171"},
		"schedule/index.html":        {"第七次统考", "2024-12-21", "10:00–12:30", "584509346"},
		"rounds/2024h2-3/index.html": {"9月14日（周六）", "9月19日（周四）", "9月21日（周六）", "14:00–15:00", "15:30–18:00", "08:30–09:30", "10:00–12:30"},
		"rounds/2024h2-4/index.html": {"第四次统考", "10月12日（周六）", "10月16日（周三）"},
		"rounds/2024h2-5/index.html": {"第五次统考", "11月9日（周六）", "11月13日（周三）"},
		"rounds/2024h2-6/index.html": {"第六次统考", "11月23日（周六）", "11月27日（周三）"},
		"rounds/2024h2-7/index.html": {"第七次统考", "12月7日（周六）", "12月11日（周三）", "2025年1月4日（周六）"},
		"404.html":                   {"找不到这个页面"},
	}
	for page, wants := range pages {
		b, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Errorf("page missing: %v", err)
			continue
		}
		for _, w := range wants {
			if !bytes.Contains(b, []byte(w)) {
				t.Errorf("%s does not show %q", page, w)
			}
		}
	}
}

// Two builds of the same input give the same bytes, file for file.
func TestReproducible(t *testing.T) {
	root := copyProject(t)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, _, err := build(t, root, a); err != nil {
		t.Fatal(err)
	}
	if _, _, err := build(t, root, b); err != nil {
		t.Fatal(err)
	}
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) == 0 {
		t.Fatal("empty build")
	}
	var diff []string
	for name, h := range ta {
		if tb[name] != h {
			diff = append(diff, name)
		}
	}
	for name := range tb {
		if _, ok := ta[name]; !ok {
			diff = append(diff, name)
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Errorf("builds differ in %v", diff)
	}
}

// A failing build, for bad data or a broken template, leaves the published site as it was
// and no staging directory behind.
func TestFailedBuildKeepsPublished(t *testing.T) {
	root := copyProject(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, _, err := build(t, root, out); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	breaks := []struct {
		name, file, old, new, want string
	}{
		{"bad data", "data/rounds.yaml", "weekday: 周四", "weekday: 周五", "rounds.yaml:14:18: weekday label 周五 does not match 2024-09-26"},
		{"template error", "themes/notice/layouts/home.html", "{{ define \"main\" }}", "{{ define \"main\" }}{{ .NoSuchMethod }}", "home.html"},
	}
	for _, br := range breaks {
		t.Run(br.name, func(t *testing.T) {
			path := filepath.Join(root, br.file)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(path, orig, 0o644)
			if !bytes.Contains(orig, []byte(br.old)) {
				t.Fatalf("%s does not contain %q", br.file, br.old)
			}
			if err := os.WriteFile(path, bytes.Replace(orig, []byte(br.old), []byte(br.new), 1), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err = build(t, root, out)
			if err == nil || !strings.Contains(err.Error(), br.want) {
				t.Fatalf("error %v, want one naming %q", err, br.want)
			}
			after := tree(t, out)
			if fmt.Sprint(after) != fmt.Sprint(before) {
				t.Error("the published site changed")
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.building-*"))
			if len(leftovers) > 0 {
				t.Errorf("staging left behind: %v", leftovers)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	root := copyProject(t)
	tests := []struct {
		override, env, want string
		local               bool
	}{
		{"", "", "https://exam-notice.example.com/", false},
		{"", "https://exam.example.org/2024", "https://exam.example.org/2024/", false},
		{"https://deploy.example.net/", "https://exam.example.org/", "https://deploy.example.net/", false},
		{"http://localhost:1313/", "", "http://localhost:1313/", true},
	}
	for _, tt := range tests {
		t.Setenv(BaseURLEnv, tt.env)
		got, err := ResolveBaseURL(root, tt.override)
		if err != nil || got != tt.want || isLocal(got) != tt.local {
			t.Errorf("ResolveBaseURL(%q, env %q) = %q, %v (local %v); want %q (local %v)", tt.override, tt.env, got, err, isLocal(got), tt.want, tt.local)
		}
	}
	t.Setenv(BaseURLEnv, "")
	if _, err := ResolveBaseURL(root, "exam.example.com"); err == nil {
		t.Error("a base URL without scheme is accepted")
	}
	var log bytes.Buffer
	if _, err := Build(Options{Root: root, Out: filepath.Join(t.TempDir(), "p"), BaseURL: "http://127.0.0.1:8080/", Log: &log}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "warning: base URL http://127.0.0.1:8080/ is local") {
		t.Errorf("no localhost warning in:\n%s", log.String())
	}
	_ = io.Discard
}
