package pipeline_test

import (
	"os/exec"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// Every page of both test projects is valid HTML5 by the W3C Nu HTML checker, an independent
// validator: the one notice, and the two notices (successor notes, the list of notices, the
// earlier groups on the groups page).
func TestHTMLValid(t *testing.T) {
	names := map[string]string{} // each site's directory, by the name it is reported with
	for _, fixture := range []string{testkit.Notice, testkit.Two} {
		out, _, _ := buildkit.Build(t, testkit.Project(t, fixture))
		pages(t, out, fixture) // every page of the project is there to be checked
		names[out] = "public(" + fixture + ")"
	}
	checkHTML(t, names)
}

// checkHTML runs the Nu HTML checker on every page of the sites built in the directories of
// names, each reported by its name.
func checkHTML(t *testing.T, names map[string]string) {
	t.Helper()
	jar := testkit.Tool(t, "node_modules/vnu-jar/build/dist/vnu.jar")
	java := testkit.Tool(t, "java")
	args := []string{"-jar", jar, "--errors-only", "--skip-non-html", "--format", "gnu"}
	for dir := range names {
		args = append(args, dir)
	}
	msg, err := exec.Command(java, args...).CombinedOutput()
	if report := strings.TrimSpace(string(msg)); err != nil || report != "" {
		for dir, name := range names {
			report = strings.ReplaceAll(report, dir, name)
		}
		t.Errorf("the HTML checker found errors (%v):\n%s", err, report)
	}
}
