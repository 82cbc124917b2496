package pipeline_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"examnotice/generator/internal/change"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/project"

	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// The one build of the real project (its hugo.toml, content, themes and data, copied): it
// serves every URL of the committed data/public-urls.txt, and records none (the committed
// list is complete), and it shows what the committed data/changes.lock records: when no
// change, it says 变更 or 调整 nowhere; else every changed event's feed entry says so first and
// the changes page lists it. Every other test of the build runs on the fixtures; this one
// names no fact of the real notice, so that staff may correct it without touching a test.
func TestRealSite(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"hugo.toml", "content", "themes", "data"} {
		testkit.Copy(t, filepath.Join(root, name), filepath.Join(testkit.Root(), name))
	}
	out, sum, _ := buildkit.Build(t, root)
	urls, err := publicurl.Read(publicurl.List(project.Layout{Root: testkit.Root()}.Data()))
	if err != nil {
		t.Fatal(err)
	}
	if len(urls) == 0 {
		t.Fatal("the real data/public-urls.txt lists no URL")
	}
	servesAll(t, out, urls)
	rec, err := change.Read(project.Layout{Root: testkit.Root()}.Data())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Changes()) == 0 {
		withoutChangeWords(t, out)
	}
	changesPage := testkit.Served(t, out, "/"+permalink.Changes)
	for _, c := range rec.Changes() {
		latest, _ := rec.Latest(c.UID)
		if latest != c {
			continue
		}
		summary, _ := feedEvent(t, out, "/"+permalink.Feed(c.Round), c.UID).Props.Text(ical.PropSummary)
		mark := "【已调整】"
		if c.New.Cancelled {
			mark = "【已取消】"
		}
		if !strings.HasPrefix(summary, mark) {
			t.Errorf("%s: SUMMARY %q does not begin with %s, though data/changes.lock records its change", c.UID, summary, mark)
		}
		if _, new := c.Texts(c.New.First.Year()); !c.New.Cancelled && !strings.Contains(changesPage, new) {
			t.Errorf("the changes page does not show the change of %s to %s", c.UID, new)
		}
	}
	if sum.NewURLs != 0 {
		t.Errorf("the build recorded %d public URLs that the committed data/public-urls.txt lacks; run `make` and commit it", sum.NewURLs)
	}
}
