package pipeline_test

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// Budgets per page, before compression (issue: pages a teacher opens on a phone).
const (
	maxHTMLBytes   = 60 << 10
	maxAssetsBytes = 25 << 10 // CSS + JS one page loads
)

// parsedPage is one HTML file of a build: its links and the ids it defines.
type parsedPage struct {
	file  string
	links []link
	ids   map[string]bool
}

type link struct {
	tag, attr, value string
}

func parsePage(t *testing.T, file string) parsedPage {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	p := parsedPage{file: file, ids: map[string]bool{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					p.ids[a.Val] = true
				case a.Key == "href" || a.Key == "src":
					p.links = append(p.links, link{tag: n.Data, attr: a.Key, value: a.Val})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

// TestCrawl builds the site of each test project into a temporary directory and follows
// every link and asset of every page, like a visitor with a very fast thumb.
func TestCrawl(t *testing.T) {
	for _, c := range []struct {
		fixture  string
		minLinks int
	}{
		{testkit.Notice, 450}, // 516 on the test notice
		{testkit.Two, 700},    // 798 on the two notices
	} {
		t.Run(c.fixture, func(t *testing.T) { crawl(t, c.fixture, c.minLinks) })
	}
}

// crawl builds the test project fixture and checks the pages and every link of them; at
// least minLinks links must be followed.
func crawl(t *testing.T, fixture string, minLinks int) {
	out, sum, _ := buildkit.Build(t, testkit.Project(t, fixture))
	base, err := url.Parse(sum.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	parsed := map[string]parsedPage{} // by URL path
	for _, p := range pages(t, out, fixture) {
		file, _ := testkit.File(out, p)
		parsed[p] = parsePage(t, file)
		b, _ := os.ReadFile(file)
		if len(b) > maxHTMLBytes {
			t.Errorf("%s is %d bytes; budget %d", p, len(b), maxHTMLBytes)
		}
		for _, bad := range []string{"ZgotmplZ", "&amp;amp;", "&amp;lt;", "&amp;gt;", "&amp;quot;", "&amp;#", "&lt;script", "%!"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q (broken or double escaping)", p, bad)
			}
		}
		if !bytes.Contains(b, []byte(`<html lang="zh-CN"`)) {
			t.Errorf("%s is not marked lang=zh-CN", p)
		}
		if !bytes.Contains(b, []byte(`<meta http-equiv="Content-Security-Policy" content="default-src 'self';`)) || bytes.Contains(b, []byte("<script>")) {
			t.Errorf("%s lacks the Content-Security-Policy, or has an inline script", p)
		}
		if p != "/404.html" && !bytes.Contains(b, []byte(`href="#main"`)) {
			t.Errorf("%s has no skip link", p)
		}
	}
	checked := 0
	linked := map[string]bool{} // the pages some page links to
	for pagePath, p := range parsed {
		pageURL := base.ResolveReference(&url.URL{Path: strings.TrimPrefix(pagePath, "/")})
		var assets int64
		for _, l := range p.links {
			u, err := url.Parse(l.value)
			if err != nil {
				t.Errorf("%s: bad URL %q", pagePath, l.value)
				continue
			}
			switch u.Scheme {
			case "tel", "mqqapi", "mailto":
				continue
			case "webcal":
				u.Scheme = base.Scheme
			}
			target := pageURL.ResolveReference(u)
			if target.Host != base.Host {
				if l.tag != "a" {
					t.Errorf("%s: <%s %s=%q> loads from another host", pagePath, l.tag, l.attr, l.value)
				}
				continue
			}
			rel := strings.TrimPrefix(target.Path, base.Path)
			file, _ := testkit.File(out, rel)
			info, err := os.Stat(file)
			if err != nil {
				t.Errorf("%s: broken link %q (%s)", pagePath, l.value, rel)
				continue
			}
			checked++
			linked["/"+rel] = true
			if l.tag == "link" && l.attr == "href" && path.Ext(rel) == ".css" || l.tag == "script" {
				assets += info.Size()
			}
			if target.Fragment != "" {
				if tp, ok := parsed["/"+rel]; ok && !tp.ids[target.Fragment] {
					t.Errorf("%s: link %q names no element #%s", pagePath, l.value, target.Fragment)
				}
			}
		}
		if assets > maxAssetsBytes {
			t.Errorf("%s loads %d bytes of CSS and JS; budget %d", pagePath, assets, maxAssetsBytes)
		}
	}
	t.Logf("%d links checked", checked)
	if checked < minLinks {
		t.Errorf("only %d links checked; the crawl is not reaching the site", checked)
	}
	for p := range parsed {
		if !linked[p] && p != "/404.html" {
			t.Errorf("no page links to %s", p)
		}
	}
}
