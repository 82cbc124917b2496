// Package publicurl reads data/public-urls.txt, the URLs the site has promised to keep
// (feeds, single events, round pages, QR targets, the fixed pages), and checks that a built
// site still serves every one of them. A build that would drop one is refused before it is
// published: a calendar subscription or a QR code on a wall cannot be told of a new address.
package publicurl

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/permalink"
)

// File is the name of the list in the data directory.
const File = "public-urls.txt"

// List is the path of the list in the data directory dataDir.
func List(dataDir string) string { return filepath.Join(dataDir, File) }

// URL is one promised URL, relative to the base URL, as listed (with its #fragment, if any).
type URL struct {
	Path string
	Line int // in the list, for messages
}

// Read reads the list at path: one URL a line, relative to the base URL; blank lines and
// lines starting with # are skipped. A missing list promises nothing (a project that was
// never published).
func Read(path string) ([]URL, error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the list of public URLs: %w", err)
	}
	var urls []URL
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		u := strings.TrimSpace(sc.Text())
		if u == "" || strings.HasPrefix(u, "#") {
			continue
		}
		if strings.Contains(u, "://") || strings.ContainsAny(u, " \t") {
			return nil, fmt.Errorf("%s:%d: %q is not a path of the site; expected a path relative to the base URL, like rounds/2024h2-3/", filepath.ToSlash(path), line, u)
		}
		if first, dup := seen[u]; dup {
			return nil, fmt.Errorf("%s:%d: %s is listed twice (first on line %d); remove this line", filepath.ToSlash(path), line, u, first)
		}
		seen[u] = line
		urls = append(urls, URL{Path: u, Line: line})
	}
	return urls, sc.Err()
}

// Check reports every URL of the list at listPath, and of the URLs the data makes (urls,
// which a build then records), that the site built in dir would not serve: its file is
// missing, or its page has no element with the #fragment's id. files, if not nil, are the
// files of dir by slash-separated path, as a walk of it found them (a build counts them):
// then a file is looked up there, not in dir; pages are read from dir for their fragments.
func Check(dir string, files map[string]bool, listPath string, urls []string) error {
	listed, err := Read(listPath)
	if err != nil {
		return err
	}
	var missing []string
	built := newBuilt(dir)
	built.known = files
	for _, u := range unserved(built, listed) {
		missing = append(missing, fmt.Sprintf("%s:%d: the new site no longer serves /%s (%s)", filepath.ToSlash(listPath), u.Line, strings.TrimPrefix(u.Path, "/"), u.why))
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s\nnot published: a public URL is never dropped or renamed, since subscribers and printed QR codes hold it; put the round, session or page back (a round that will not take place keeps its entry with `status: cancelled`)", strings.Join(missing, "\n"))
	}
	for _, u := range urls {
		if why := built.serves(u); why != "" {
			missing = append(missing, fmt.Sprintf("/%s (%s)", strings.TrimPrefix(u, "/"), why))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the new site does not serve URLs that it should make permanent: %s; this is a bug of the generator or the theme, not of the data", strings.Join(missing, ", "))
	}
	return nil
}

// Unserved lists, in order, the URLs of the list at listPath that the site built in dir does
// not serve: none for a whole build of the project. (A deploy refuses a partial site.)
func Unserved(dir, listPath string) ([]string, error) {
	listed, err := Read(listPath)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, u := range unserved(newBuilt(dir), listed) {
		missing = append(missing, u.Path)
	}
	return missing, nil
}

// missingURL is a listed URL that a site does not serve, and why.
type missingURL struct {
	URL
	why string
}

// unserved are the URLs of listed that the site does not serve, in order.
func unserved(site *built, listed []URL) []missingURL {
	var missing []missingURL
	for _, u := range listed {
		if why := site.serves(u.Path); why != "" {
			missing = append(missing, missingURL{u, why})
		}
	}
	return missing
}

// built is a built site as Check looks at it: each file looked up once (the list and the data
// name mostly the same URLs), each page read for its fragments once.
type built struct {
	dir   string
	known map[string]bool            // the files of dir, if a walk found them; else nil
	files map[string]string          // why a file is not served ("" when it is), by its path
	pages map[string]map[string]bool // the ids of the pages read, by path
}

func newBuilt(dir string) *built {
	return &built{dir: dir, files: map[string]string{}, pages: map[string]map[string]bool{}}
}

// serves says why the site does not serve path, or "" when it does.
func (s *built) serves(path string) string {
	file, fragment := permalink.File(path)
	name := filepath.Join(s.dir, filepath.FromSlash(file))
	if fragment == "" { // the file is enough: no need to read it
		why, ok := s.files[file]
		if !ok && s.known != nil {
			ok = true
			if !s.known[file] {
				why = "no file " + file
			}
		}
		if !ok {
			info, err := os.Stat(name)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				why = "no file " + file
			case err != nil:
				why = err.Error()
			case info.IsDir():
				why = "no file " + file
			}
			s.files[file] = why
		}
		return why
	}
	ids, ok := s.pages[file]
	if !ok {
		b, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			return "no file " + file
		}
		if err != nil {
			return err.Error()
		}
		ids = idsOf(b)
		s.pages[file] = ids
	}
	if !ids[fragment] {
		return fmt.Sprintf("%s has no element with id %q", file, fragment)
	}
	return ""
}

// idsOf is the set of the ids a page gives its elements: every X of ` id="X"` in it. A page
// is read once however many of its places are listed (the groups page of 100 notices is 1,000
// of them).
func idsOf(page []byte) map[string]bool {
	ids := map[string]bool{}
	marker := []byte(` id="`)
	for {
		i := bytes.Index(page, marker)
		if i < 0 {
			return ids
		}
		page = page[i+len(marker):]
		end := bytes.IndexByte(page, '"')
		if end < 0 {
			return ids
		}
		ids[string(page[:end])] = true
		page = page[end+1:]
	}
}

// Missing returns the URLs of urls that the list at listPath does not hold yet, in order.
func Missing(listPath string, urls []string) ([]string, error) {
	listed, err := Read(listPath)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, u := range listed {
		have[normal(u.Path)] = true
	}
	var missing []string
	for _, u := range urls {
		if !have[normal(u)] {
			missing = append(missing, u)
			have[normal(u)] = true
		}
	}
	return missing, nil
}

// normal writes a path as the list does: "/" for the home page, no leading slash otherwise.
func normal(u string) string {
	if u = strings.TrimPrefix(u, "/"); u == "" {
		return "/"
	}
	return u
}

// Next is the list at listPath with the URLs of urls it does not hold yet added at its end,
// so that from then on every build keeps them, and how many it adds: write it only once the
// site that serves them is published. A missing list starts with a header.
func Next(listPath string, urls []string) (next datafile.Record, added int, err error) {
	missing, err := Missing(listPath, urls)
	if err != nil {
		return next, 0, err
	}
	old, err := os.ReadFile(listPath)
	if errors.Is(err, fs.ErrNotExist) {
		old, err = []byte(header), nil
	}
	if err != nil {
		return next, 0, fmt.Errorf("reading the list of public URLs: %w", err)
	}
	var b bytes.Buffer
	b.Write(old)
	if len(missing) > 0 && len(old) > 0 && old[len(old)-1] != '\n' {
		b.WriteByte('\n')
	}
	for _, u := range missing {
		b.WriteString(normal(u) + "\n")
	}
	return datafile.Record{Path: listPath, Text: b.Bytes()}, len(missing), nil
}

// header starts a new list.
const header = `# data/public-urls.txt: every URL of the site that subscribers, bookmarks and printed
# sheets depend on, relative to the base URL. A build adds the URLs a new notice, round or
# milestone brings, and refuses to publish a site that no longer serves one of them; commit
# it with the data. Never remove a line.
`
