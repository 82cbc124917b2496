package build

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"examnotice/generator/internal/qrcode"
)

// readPublicURLs reads data/public-urls.txt: one URL relative to the base per line, # comments.
func readPublicURLs(t *testing.T, root string) map[string]bool {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "data", "public-urls.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	urls := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			urls[line] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return urls
}

// The public URLs are a contract: a build must serve every listed one, and every feed, round
// page and QR target it serves must be listed, so that none can later disappear unnoticed.
func TestPublicURLs(t *testing.T) {
	root := copyProject(t)
	out := filepath.Join(t.TempDir(), "public")
	sum, _, err := build(t, root, out)
	if err != nil {
		t.Fatal(err)
	}
	listed := readPublicURLs(t, root)
	if len(listed) < 80 {
		t.Fatalf("only %d URLs listed", len(listed))
	}
	parsed := map[string]parsedPage{}
	for u := range listed {
		path, frag, _ := strings.Cut(u, "#")
		file := filepath.Join(out, filepath.FromSlash(path))
		if path == "/" || strings.HasSuffix(path, "/") {
			file = filepath.Join(file, "index.html")
		}
		if _, err := os.Stat(file); err != nil {
			t.Errorf("listed URL %s is not served any more (%v); restore it: subscribers and printed sheets depend on it", u, err)
			continue
		}
		if frag != "" {
			p, ok := parsed[file]
			if !ok {
				p = parsePage(t, file)
				parsed[file] = p
			}
			if !p.ids[frag] {
				t.Errorf("listed URL %s: the page has no #%s any more", u, frag)
			}
		}
	}

	// What the build serves that belongs to the contract.
	var served []string
	filepath.WalkDir(filepath.Join(out, "calendars"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			served = append(served, filepath.ToSlash(rel))
		}
		return nil
	})
	rounds, _ := filepath.Glob(filepath.Join(out, "rounds", "*", "index.html"))
	for _, r := range rounds {
		served = append(served, "rounds/"+filepath.Base(filepath.Dir(r))+"/")
	}
	p, err := Prepare(filepath.Join(root, "data"))
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
	sort.Strings(served)
	for _, u := range served {
		if !listed[u] {
			t.Errorf("%s is public but not in data/public-urls.txt; add it there (it becomes a permanent URL)", u)
		}
	}
}
