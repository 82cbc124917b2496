package site

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite testdata/notice.golden.json from the test notice")

const golden = "testdata/notice.golden.json"

// The notice data that Write gives the templates (data/notice.json of the generated
// directory, which hugo.toml mounts as hugo.Data.notice, and notice.json of the site) is the
// contract between Go and the templates: a change of a field's name, shape or value shows here
// first, for the test notice. After a deliberate change, regenerate the file with
//
//	go test ./generator/internal/site/ -run Golden -update
//
// and review its diff with the templates that read the field.
func TestNoticeGolden(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	dataDir := filepath.Join(root, "data")
	p, err := Prepare(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	dir, static := filepath.Join(root, GeneratedDir), filepath.Join(root, StaticDir)
	if _, err := p.Write(dir, static, dataDir, "https://exam-notice.example.com/"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "data", "notice.json"))
	if err != nil {
		t.Fatal(err)
	}
	if published, err := os.ReadFile(filepath.Join(static, "notice.json")); err != nil || !bytes.Equal(published, got) {
		t.Errorf("the published notice.json is not the templates' data (%v)", err)
	}
	if bytes.Contains(got, []byte(root)) {
		t.Errorf("the notice data holds the path of the project (%s)", root)
	}
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v; run: go test ./generator/internal/site/ -run Golden -update", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the notice data differs from %s %s\nif the change is meant, run: go test ./generator/internal/site/ -run Golden -update, and review the diff", golden, firstDiff(string(want), string(got)))
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
