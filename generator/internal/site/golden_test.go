package site

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite testdata/site.golden.json from the two test notices")

const golden = "testdata/site.golden.json"

// testBase is the base URL the tests write for.
const testBase = "https://exam-notice.example.com/"

// project copies the data of the test project fixture (testkit.Notice or testkit.Two) into
// a new temporary root and prepares it; it returns the root, its data directory and the
// prepared notices.
func prepareFixture(t *testing.T, fixture string) (root, dataDir string, p *Prepared) {
	t.Helper()
	root = t.TempDir()
	testkit.Copy(t, root, testkit.Fixture(fixture))
	dataDir = project.Layout{Root: root}.Data()
	p, err := Prepare(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	return root, dataDir, p
}

// templateData is where write puts the templates' data under its dir: Hugo's data directory,
// as in a project's .build/gen (not a site folder's data/).
const templateData = "data"

// write writes the generated files of p for the site at base into dir (the templates' data
// under dir/data) and static, on the day today (YYYY-MM-DD).
func write(t *testing.T, p *Prepared, dir, static, dataDir, base, today string) *Generated {
	t.Helper()
	d, err := data.ParseDate(today)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.WriteTemplateData(filepath.Join(dir, templateData), d); err != nil {
		t.Fatal(err)
	}
	g, err := p.WriteStatic(dir, static, dataDir, base)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// readJSON decodes the JSON file path into a generic value, for comparing models whatever
// the order of their keys.
func readJSON(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// The data that Write gives the templates (data/site.json of the generated directory, which
// hugo.toml mounts as hugo.Data.site) is the contract between Go and the templates: a change
// of a field's name, shape or value shows here first, for the two test notices (2025h2 the
// current one, 2025h1 before it). After a deliberate change, regenerate the file with
//
//	go test ./generator/internal/site/ -run Golden -update
//
// and review its diff with the templates that read the field. The published notice.json is
// the current notice's model, notices/<id>/notice.json each notice's: the older one names
// 2025h2 as its successor.
func TestSiteGolden(t *testing.T) {
	root, dataDir, p := prepareFixture(t, testkit.Two)
	dir, static := project.Layout{Root: root}.Generated(), project.Layout{Root: root}.Static()
	write(t, p, dir, static, dataDir, testBase, "2025-09-06")
	got, err := os.ReadFile(filepath.Join(dir, templateData, "site.json"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(got, []byte(root)) {
		t.Errorf("the site data holds the path of the project (%s)", root)
	}
	var indented bytes.Buffer
	if err = json.Indent(&indented, got, "", "  "); err != nil { // compact for Hugo; indented to review
		t.Fatal(err)
	}
	got = indented.Bytes()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(golden); err != nil {
		t.Errorf("%v; run: go test ./generator/internal/site/ -run Golden -update", err)
	} else if !bytes.Equal(got, want) {
		t.Errorf("the site data differs from %s %s\nif the change is meant, run: go test ./generator/internal/site/ -run Golden -update, and review the diff", golden, firstDiff(string(want), string(got)))
	}

	var sm struct {
		Current int              `json:"current"`
		Notices []map[string]any `json:"notices"`
	}
	if err := json.Unmarshal(got, &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.Notices) != 2 || sm.Current != 0 || sm.Notices[0]["id"] != "2025h2" || sm.Notices[1]["id"] != "2025h1" {
		t.Fatalf("site.json: current %d of %d notices; want 0 of 2025h2, 2025h1", sm.Current, len(sm.Notices))
	}
	models := readJSON(t, filepath.Join(dir, templateData, "site.json")).(map[string]any)["notices"].([]any)
	published := map[string]any{
		"notice.json":                models[0], // the current notice's
		"notices/2025h2/notice.json": models[0],
		"notices/2025h1/notice.json": models[1],
	}
	for name, want := range published {
		if got := readJSON(t, filepath.Join(static, filepath.FromSlash(name))); !reflect.DeepEqual(got, want) {
			t.Errorf("the published %s is not the model of notice %s in site.json", name, want.(map[string]any)["id"])
		}
	}
	current, older := models[0].(map[string]any), models[1].(map[string]any)
	if current["current"] != true || current["successor"] != nil {
		t.Errorf("2025h2: current %v, successor %v; want the current notice, without a successor", current["current"], current["successor"])
	}
	successor, _ := older["successor"].(map[string]any)
	if older["current"] != false || successor["id"] != "2025h2" || successor["url"] != "notices/2025h2/" || successor["title"] != "关于2025年示例证书下半年统考有关工作的通知" {
		t.Errorf("2025h1: current %v, successor %v; want an earlier notice replaced by 2025h2 (notices/2025h2/)", older["current"], older["successor"])
	}
	for name, want := range map[string]string{
		"source/notice-2025h1.txt": filepath.Join(dataDir, "notices", "2025h1", "notice-2025h1.txt"),
		"source/notice-2025h2.txt": filepath.Join(dataDir, "notices", "2025h2", "notice-2025h2.txt"),
	} {
		a, err := os.ReadFile(filepath.Join(static, filepath.FromSlash(name)))
		b, err2 := os.ReadFile(want)
		if err != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("the published %s is not the notice's text %s (%v, %v)", name, want, err, err2)
		}
	}
}

// firstDiff says where got first differs from want, by line.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "at line " + strconv.Itoa(i+1) + ":\nwant: " + wl + "\ngot:  " + gl
		}
	}
	return "(in line endings)"
}
