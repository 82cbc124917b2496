package build_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/qrcode"
	"examnotice/generator/internal/site"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// The public URLs are a contract: a build must serve every listed one, and every feed, round
// page and QR target it serves must be listed, so that none can later disappear unnoticed.
// (The build itself refuses to publish a site that drops a listed URL; this test also reads
// the pages' ids with an HTML parser, and checks the other direction.)
func TestPublicURLs(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	out, sum, _ := buildkit.Build(t, root)
	urls, err := publicurl.Read(filepath.Join(root, "data", publicurl.File))
	if err != nil {
		t.Fatal(err)
	}
	// The test notice's list: the 9 fixed pages, 2 round pages, 1 group without a join
	// link, 2 subscribe places, 3 feeds, notice.json.
	if len(urls) < 18 {
		t.Fatalf("only %d URLs listed", len(urls))
	}
	listed := map[string]bool{}
	parsed := map[string]parsedPage{}
	for _, u := range urls {
		listed[u.Path] = true
		file, frag := testkit.File(out, u.Path)
		if _, err := os.Stat(file); err != nil {
			t.Errorf("listed URL %s is not served any more (%v); restore it: subscribers and printed sheets depend on it", u.Path, err)
			continue
		}
		if frag != "" {
			p, ok := parsed[file]
			if !ok {
				p = parsePage(t, file)
				parsed[file] = p
			}
			if !p.ids[frag] {
				t.Errorf("listed URL %s: the page has no #%s any more", u.Path, frag)
			}
		}
	}

	// What the build serves that belongs to the contract: every calendar file (feeds and
	// single events), the round pages, and the places on the site the QR codes lead to.
	rounds, _ := filepath.Glob(filepath.Join(out, "rounds", "*", "index.html"))
	var served []string
	err = filepath.WalkDir(filepath.Join(out, "calendars"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(out, path)
		served = append(served, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rounds {
		served = append(served, "rounds/"+filepath.Base(filepath.Dir(r))+"/")
	}
	p, err := site.Prepare(filepath.Join(root, "data"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range qrcode.Codes(p.Notice, sum.BaseURL) {
		if rel, ok := strings.CutPrefix(c.Payload, sum.BaseURL); ok {
			if rel == "" {
				rel = "/"
			}
			served = append(served, rel)
		}
	}
	if len(served) < 3+2+4 { // the feeds, the rounds, the site's QR and 3 codes of the rounds
		t.Fatalf("the build serves only %v of the contract", served)
	}
	for _, u := range served {
		if !listed[u] {
			t.Errorf("%s is public but not in data/public-urls.txt; add it there (it becomes a permanent URL)", u)
		}
	}
}
