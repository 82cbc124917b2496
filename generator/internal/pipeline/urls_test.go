package pipeline_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/site"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// The public URLs are a contract: a build must serve every listed one, and every feed, page
// of a notice or a round, export and QR target it serves must be listed (the build records
// them), so that none can later disappear unnoticed. (The build itself refuses to publish a
// site that drops a listed URL; this test also reads the pages' ids with an HTML parser, and
// checks the other direction.) On the two notices' site, whose list lacks the notices' pages
// until the build records them.
func TestPublicURLs(t *testing.T) {
	root := testkit.Project(t, testkit.Two)
	out, sum, _ := buildkit.Build(t, root)
	if sum.NewURLs != 21 { // notices/ and, per notice, its overview, 6 pages, JSON, feed and text
		t.Errorf("the build recorded %d public URLs; want the 21 the fixture's list lacks", sum.NewURLs)
	}
	urls, err := publicurl.Read(filepath.Join(root, "data", publicurl.File))
	if err != nil {
		t.Fatal(err)
	}
	// The fixed pages, lists and exports (13, with the changes page), per notice 10, per
	// round 14 (its page and subscribe place, its feed, 11 single events), 3 groups without a
	// join link.
	if want := 13 + 2*10 + 4*14 + 3; len(urls) != want {
		t.Errorf("%d URLs listed; want %d", len(urls), want)
	}
	servesAll(t, out, urls)
	listed := map[string]bool{}
	for _, u := range urls {
		listed[u.Path] = true
	}

	// What the build serves that belongs to the contract: every calendar file (feeds of
	// rounds and notices, single events), the pages of the notices and the rounds, the
	// exports and texts, and the places on the site the QR codes lead to.
	var served []string
	for _, dir := range []string{"calendars", "notices", "rounds", "source"} {
		err = filepath.WalkDir(filepath.Join(out, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(out, path)
			served = append(served, strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	p, err := site.Prepare(project.Layout{Root: root}.Data())
	if err != nil {
		t.Fatal(err)
	}
	var notices []*data.Notice
	for _, n := range p.Notices {
		notices = append(notices, n.Notice)
	}
	for _, c := range site.QRCodes(sum.BaseURL, notices...) {
		if rel, ok := strings.CutPrefix(c.Payload, sum.BaseURL); ok {
			if rel == "" {
				rel = "/"
			}
			served = append(served, rel)
		}
	}
	// 51 calendar files; the list of notices, 2×7 pages and 2 exports of the notices; the
	// list of rounds and 4 round pages; the source page and 2 texts; 9 QR codes that lead to
	// the site (the changes page's too).
	if want := 51 + 1 + 2*8 + 5 + 3 + 9; len(served) != want {
		t.Errorf("the build serves %d URLs of the contract; want %d: %v", len(served), want, served)
	}
	for _, u := range served {
		if !listed[u] {
			t.Errorf("%s is public but the build did not record it in data/public-urls.txt (it becomes a permanent URL)", u)
		}
	}
}
