package pipeline_test

import (
	"path/filepath"
	"testing"

	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// The one build of the real project (its hugo.toml, content, themes and data, copied): it
// serves every URL of the committed data/public-urls.txt, and records none (the committed
// list is complete), and, since nothing of it has changed since it was first published
// (data/changes.lock records no change), says 变更 or 调整 nowhere. Every other test of the build runs on the fixtures; this one names no
// fact of the real notice, so that staff may amend it without touching a test.
func TestRealSite(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"hugo.toml", "content", "themes", "data"} {
		testkit.Copy(t, filepath.Join(root, name), filepath.Join(testkit.Root(), name))
	}
	out, sum, _ := buildkit.Build(t, root)
	urls, err := publicurl.Read(filepath.Join(testkit.Root(), "data", publicurl.File))
	if err != nil {
		t.Fatal(err)
	}
	if len(urls) == 0 {
		t.Fatal("the real data/public-urls.txt lists no URL")
	}
	servesAll(t, out, urls)
	withoutChangeWords(t, out)
	if sum.NewURLs != 0 {
		t.Errorf("the build recorded %d public URLs that the committed data/public-urls.txt lacks; run `make` and commit it", sum.NewURLs)
	}
}
