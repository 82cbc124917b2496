package build_test

import (
	"os/exec"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// Every page is valid HTML5 by the W3C Nu HTML checker, an independent validator.
func TestHTMLValid(t *testing.T) {
	jar := testkit.Tool(t, "node_modules/vnu-jar/build/dist/vnu.jar")
	java := testkit.Tool(t, "java")
	out, _, _ := buildkit.Build(t, testkit.Project(t, testkit.Notice))
	pages(t, out) // every page of the test notice is there to be checked
	msg, err := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", "--format", "gnu", out).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(msg))) > 0 {
		t.Errorf("the HTML checker found errors (%v):\n%s", err, strings.ReplaceAll(string(msg), out, "public"))
	}
}
