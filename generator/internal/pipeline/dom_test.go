package pipeline_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"examnotice/generator/internal/testkit"
)

// A page read as a browser without JavaScript reads it: parsed by an HTML parser (the one of
// golang.org/x/net/html, as browsers parse), its elements found by tag, class and id, their
// text as shown, and whether the `hidden` attribute hides them.

// servedDoc parses the page of the site built in out that serves url.
func servedDoc(t *testing.T, out, url string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(testkit.Served(t, out, url)))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return doc
}

// domAttr is the value of n's attribute key, and whether n has it.
func domAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// domMatch says whether n is an element matching sel: a tag, then any number of .class and #id
// ("li.card.next", "p#all-past", ".days-left", "#earlier").
func domMatch(n *html.Node, sel string) bool {
	if n.Type != html.ElementNode {
		return false
	}
	fields := strings.FieldsFunc(strings.NewReplacer(".", " .", "#", " #").Replace(sel), func(r rune) bool { return r == ' ' })
	classes, _ := domAttr(n, "class")
	for _, f := range fields {
		switch {
		case strings.HasPrefix(f, "."):
			if !slices.Contains(strings.Fields(classes), f[1:]) {
				return false
			}
		case strings.HasPrefix(f, "#"):
			if id, _ := domAttr(n, "id"); id != f[1:] {
				return false
			}
		default:
			if n.Data != f {
				return false
			}
		}
	}
	return true
}

// domAll lists the elements under n (n too) that match sel, in document order.
func domAll(n *html.Node, sel string) []*html.Node {
	var found []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if domMatch(n, sel) {
			found = append(found, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return found
}

// domOne is the only element under n that matches sel; it fails the test when there is none,
// or more than one.
func domOne(t *testing.T, n *html.Node, sel string) *html.Node {
	t.Helper()
	found := domAll(n, sel)
	if len(found) != 1 {
		t.Fatalf("%d elements %s; want one", len(found), sel)
	}
	return found[0]
}

// domText is the text of n, its runs of white space as one space, trimmed.
func domText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// domShown says whether n is shown: neither it nor an element around it has the hidden attribute
// (the theme's CSS hides [hidden] in every medium).
func domShown(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if _, hidden := domAttr(n, "hidden"); hidden && n.Type == html.ElementNode {
			return false
		}
	}
	return true
}
