package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

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
		{Name: "import", Args: []string{"import", "-root", dir, docx}, Code: 0, Wants: []string{"已导入通知 2024h2", "共 5 次统考"}},
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

// TestDeskCommand starts the desk as staff do: the program alone, in the site folder (a
// double-click; here without a browser to open, which it says), and `desk -root DIR
// -no-browser`. Each prints its address, serves the desk there with the token, and stops
// cleanly on an interrupt (Ctrl+C).
func TestDeskCommand(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	for _, tc := range []struct {
		name  string
		args  []string
		dir   string
		wants string
	}{
		{"alone, in the site folder", nil, root, "没能自动打开浏览器"},
		{"desk -root", []string{"desk", "-root", root, "-no-browser"}, "", "网站文件夹：" + root},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := generatorCmd(tc.args...)
			cmd.Dir = tc.dir
			cmd.Env = append(cmd.Env, "PATH="+t.TempDir()) // no browser opener to find
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			var said strings.Builder
			address := make(chan string, 1)
			go func() {
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					said.WriteString(sc.Text() + "\n")
					if m := deskAddress.FindString(sc.Text()); m != "" {
						address <- m
					}
				}
				close(address)
			}()
			var u string
			select {
			case u = <-address:
			case <-time.After(60 * time.Second):
			}
			if u == "" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("the desk printed no address:\n%s", said.String())
			}
			jar, _ := cookiejar.New(nil)
			resp, err := (&http.Client{Jar: jar}).Get(u)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "当前通知") {
				t.Errorf("%s: %d\n%s", u, resp.StatusCode, body)
			}
			cmd.Process.Signal(os.Interrupt)
			if err := cmd.Wait(); err != nil {
				t.Errorf("the desk did not stop cleanly on an interrupt: %v", err)
			}
			for range address { // what it printed to the end
			}
			if !strings.Contains(said.String(), tc.wants) || !strings.Contains(said.String(), "按 Ctrl+C 即停止") {
				t.Errorf("the desk said:\n%s", said.String())
			}
		})
	}
}

// deskAddress is the address the desk prints, with its token.
var deskAddress = regexp.MustCompile(`http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{64}`)
