package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
)

// TestInit makes a site folder as the staff guide says, in a folder whose name has Chinese
// characters and a space: init, import of the issuer's .docx, build. The folder holds only
// data/, hugo.toml, the note and the program; the site is whole. A second init of the folder
// is refused and changes nothing.
func TestInit(t *testing.T) {
	t.Setenv(project.SourceDateEpochEnv, "1725148800") // 2024-09-01
	dir := filepath.Join(t.TempDir(), "考试 站")
	docx := filepath.Join(importerData, "notice-2024h2.docx")
	testkit.RunCLI(t, runGenerator, []testkit.CLICase{
		{Name: "no dir", Args: []string{"init"}, Code: 2, Wants: []string{"init takes one DIR"}},
		{Name: "init", Args: []string{"init", dir}, Code: 0, Wants: []string{"已建好网站文件夹 " + filepath.ToSlash(dir), "使用说明.txt"}},
		{Name: "check before the notice", Args: []string{"check", "-root", dir}, Code: 1, Wants: []string{"data/notices: no notice"}},
		{Name: "import", Args: []string{"import", "-root", dir, docx}, Code: 0, Wants: []string{"imported notice 2024h2", "5 rounds"}},
		{Name: "build", Args: []string{"build", "-root", dir}, Code: 0, Wants: []string{"1 notice, 5 rounds, 55 milestones", "published 119 files"}},
		{Name: "check", Args: []string{"check", "-root", dir}, Code: 0, Wants: []string{"data ok: 1 notice, 5 rounds"}},
		{Name: "init again", Args: []string{"init", dir}, Code: 1, Wants: []string{"已经存在"}},
	})
	tree := testkit.Tree(t, dir)
	program := filepath.Base(os.Args[0])
	for name := range tree {
		top, _, _ := strings.Cut(name, "/")
		switch top {
		case "data", "public", ".build", "hugo.toml", "使用说明.txt", program:
		default:
			t.Errorf("the site folder holds %s", name)
		}
	}
	for _, want := range []string{"hugo.toml", "使用说明.txt", program, "data/provinces.yaml", "data/workdays.yaml", "data/notices/2024h2/rounds.yaml", "public/index.html", "public/rounds/2024h2-7/index.html", "public/calendars/all.ics"} {
		if _, ok := tree[want]; !ok {
			t.Errorf("the site folder lacks %s", want)
		}
	}
	if info, err := os.Stat(filepath.Join(dir, program)); err != nil || runtime.GOOS != "windows" && info.Mode().Perm()&0o100 == 0 {
		t.Errorf("the program in the folder: %v, %v; want an executable copy", info, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "hugo.toml")); err != nil || !strings.Contains(string(b), "baseURL = ") || !strings.Contains(string(b), "[[deployment.targets]]") {
		t.Errorf("hugo.toml lacks the address or the deploy target (%v):\n%s", err, b)
	}
}

// version names the program, its release and commit, and the Go and Hugo versions.
func TestVersion(t *testing.T) {
	testkit.RunCLI(t, runGenerator, []testkit.CLICase{
		{Name: "version", Args: []string{"version"}, Code: 0, Wants: []string{"exam-notice dev (commit ", runtime.Version() + ", Hugo 0.", runtime.GOOS + "/" + runtime.GOARCH}},
		{Name: "argument", Args: []string{"version", "x"}, Code: 2, Wants: []string{"version takes no argument"}},
	})
}
