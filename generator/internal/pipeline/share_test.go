package pipeline_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// A share card (a link pasted into QQ or WeChat, or any Open Graph reader) shows the page's
// title, description and image: every page has a <title> and the schema.org itemprop name,
// description and image that QQ reads, and the same as og:*; the image is an absolute URL on
// the site's own base URL (here a sub-path, as a deploy may have), and a PNG of at least
// 300×300 px there, which QQ requires for a large card.
func TestShareCards(t *testing.T) {
	const base = "https://exam.example.org/exams/"
	root := testkit.Project(t, testkit.Two)
	out := filepath.Join(t.TempDir(), "public")
	sum, log, err := buildkit.Run(root, pipeline.Options{Out: out, BaseURL: base})
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if sum.BaseURL != base {
		t.Fatalf("built for %s, not %s", sum.BaseURL, base)
	}
	images := map[string]bool{}
	for _, p := range pages(t, out, testkit.Two) {
		doc := servedDoc(t, out, p)
		head := domOne(t, doc, "head")
		title := domText(domOne(t, head, "title"))
		if title == "" {
			t.Errorf("%s has an empty <title>", p)
		}
		meta := map[string]string{} // itemprop and og: property → content
		for _, m := range domAll(head, "meta") {
			key, ok := domAttr(m, "itemprop")
			if !ok {
				key, _ = domAttr(m, "property")
			}
			if key == "" {
				continue
			}
			if _, dup := meta[key]; dup {
				t.Errorf("%s has two <meta> %s", p, key)
			}
			meta[key], _ = domAttr(m, "content")
		}
		if meta["name"] != title || meta["og:title"] != title {
			t.Errorf("%s: itemprop name %q, og:title %q; want the title %q", p, meta["name"], meta["og:title"], title)
		}
		if meta["description"] == "" || meta["og:description"] != meta["description"] {
			t.Errorf("%s: itemprop description %q, og:description %q; want the same, not empty", p, meta["description"], meta["og:description"])
		}
		if image := meta["image"]; !strings.HasPrefix(image, base) || meta["og:image"] != image {
			t.Errorf("%s: itemprop image %q, og:image %q; want the same absolute URL under %s", p, image, meta["og:image"], base)
		} else {
			images[strings.TrimPrefix(image, base)] = true
		}
		if p != "/404.html" && meta["og:url"] != base+strings.TrimPrefix(p, "/") {
			t.Errorf("%s: og:url %q; want the page's address %s", p, meta["og:url"], base+strings.TrimPrefix(p, "/"))
		}
		// The title says whose notice a page of a notice is: an earlier one marked so.
		if isNoticePage(p, "2025h1") && !strings.Contains(title, "2025年上半年 示例证书 统考（往期）") {
			t.Errorf("%s: the title %q does not name its notice as earlier (往期)", p, title)
		}
		if isNoticePage(p, "2025h2") && (!strings.Contains(title, "2025年下半年 示例证书 统考") || strings.Contains(title, "往期")) {
			t.Errorf("%s: the title %q does not name the current notice", p, title)
		}
	}
	if len(images) == 0 {
		t.Fatal("no share image")
	}
	for rel := range images {
		file, _ := testkit.File(out, rel)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("the share image %s%s is not served: %v", base, rel, err)
			continue
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Errorf("the share image %s is not a PNG: %v", rel, err)
			continue
		}
		if size := img.Bounds().Size(); size.X < 300 || size.Y < 300 {
			t.Errorf("the share image %s is %d×%d px; want at least 300×300", rel, size.X, size.Y)
		}
		for _, p := range []string{"/", "/" + permalink.Round("2025h1-1")} {
			head := domOne(t, servedDoc(t, out, p), "head")
			if w, h := metaProperty(head, "og:image:width"), metaProperty(head, "og:image:height"); w != strconv.Itoa(img.Bounds().Dx()) || h != strconv.Itoa(img.Bounds().Dy()) {
				t.Errorf("%s: og:image is %s×%s; the image is %d×%d", p, w, h, img.Bounds().Dx(), img.Bounds().Dy())
			}
		}
	}
}

// isNoticePage says whether the page p (a path from the site's root) belongs to the notice id:
// its overview, own pages and rounds.
func isNoticePage(p, id string) bool {
	for _, n := range noticePagesOf(id) {
		if p == "/"+n {
			return true
		}
	}
	return false
}

// metaProperty is the content of head's <meta property=name>.
func metaProperty(head *html.Node, name string) string {
	for _, m := range domAll(head, "meta") {
		if p, _ := domAttr(m, "property"); p == name {
			c, _ := domAttr(m, "content")
			return c
		}
	}
	return ""
}
