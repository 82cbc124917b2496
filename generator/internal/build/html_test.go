package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// toolPath finds a test tool that `make test` installs into .build/tools (see
// .ci/install-test-deps); in CI its absence is a failure, elsewhere a skip.
func toolPath(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", ".build", "tools", "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed; `make test` installs it (bash .ci/install-test-deps)", rel)
		}
		t.Skipf("%s is not installed; run `make test` to install it", rel)
	}
	abs, _ := filepath.Abs(p)
	return abs
}

// Every page is valid HTML5 by the W3C Nu HTML checker, an independent validator.
func TestHTMLValid(t *testing.T) {
	jar := toolPath(t, "vnu-jar/build/dist/vnu.jar")
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("java is not installed; `make test` installs it")
	}
	root := copyProject(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, _, err := build(t, root, out); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", "--format", "gnu", out)
	msg, err := cmd.CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(msg))) > 0 {
		t.Errorf("the HTML checker found errors (%v):\n%s", err, strings.ReplaceAll(string(msg), out, "public"))
	}
	if n := len(pages(t, out)); n < 14 {
		t.Errorf("only %d pages checked", n)
	}
}
