package publicurl

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Kept checks that the site built in dir keeps what the published site at old serves, whatever
// data/'s records say (an editor's replace-in-files can rewrite them with the data): every
// page, feed, QR image, JSON export and notice text of old is a file of dir (files: dir's
// files by slash-separated path, as a walk found them), and every event of each of old's
// feeds, by its UID, is still in that feed (cancelled is fine). A missing old (the first
// build into it) keeps nothing.
func Kept(old, dir string, files map[string]bool) error {
	var lost []string // pages first (what staff recognise), then feeds and events, the rest
	err := filepath.WalkDir(old, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(old, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		switch {
		case !promised(name):
		case !files[name]:
			lost = append(lost, fmt.Sprintf("%03d /%s (%s)", rank(name), name, kind(name)))
		case path.Ext(name) == ".ics":
			now := filepath.Join(dir, filepath.FromSlash(name))
			if sameFile(p, now) {
				return nil // a feed the build did not change: both are links to its one file
			}
			gone, err := lostEvents(p, now)
			if err != nil {
				return err
			}
			for _, uid := range gone {
				lost = append(lost, fmt.Sprintf("%03d event %s of /%s (a subscribed calendar's event)", rank(name), uid, name))
			}
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) && len(lost) == 0 {
		return nil // nothing published yet
	}
	if err != nil {
		return fmt.Errorf("comparing with the published site %s: %w", filepath.ToSlash(old), err)
	}
	if len(lost) == 0 {
		return nil
	}
	slices.Sort(lost)
	for i, l := range lost {
		_, lost[i], _ = strings.Cut(l, " ")
	}
	more := ""
	if len(lost) > 10 {
		more = fmt.Sprintf("\n… and %d more", len(lost)-10)
		lost = lost[:10]
	}
	return fmt.Errorf("the new site would drop what the published one (%s) serves:\n  %s%s\nnot published: subscribed calendars, printed QR codes and links hold these, and would silently stop working. Put the round, session or notice back in data/ under its id, and mark what will not take place `status: cancelled`; check data/calendar.lock and data/%s for an edit that renamed it there too", filepath.ToSlash(old), strings.Join(lost, "\n  "), more, File)
}

// promised says whether the published file name is one a subscriber, a printed page or
// another tool holds: a page, a feed, a QR image, a JSON export, a notice's text.
func promised(name string) bool {
	switch path.Ext(name) {
	case ".html", ".ics", ".json":
		return true
	case ".png", ".svg":
		return strings.HasPrefix(name, "qr/")
	case ".txt":
		return strings.HasPrefix(name, "source/")
	}
	return false
}

// rank orders the lost files in the message: pages, feeds, QR images, JSON, texts.
func rank(name string) int {
	return strings.Index("a page|a calendar feed|a QR image|a JSON export|a notice's text", kind(name))
}

// kind names what the file is to its users, for the message.
func kind(name string) string {
	switch {
	case path.Ext(name) == ".html":
		return "a page"
	case path.Ext(name) == ".ics":
		return "a calendar feed"
	case strings.HasPrefix(name, "qr/"):
		return "a QR image"
	case path.Ext(name) == ".json":
		return "a JSON export"
	}
	return "a notice's text"
}

// sameFile says whether the paths a and b are the same file: a generated file that did not
// change is linked into each new site (package publish), and a generated file is never
// changed in place (datafile.Write), so the same file holds the same events.
func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}

// lostEvents lists the UIDs of the feed old that the feed now lacks.
func lostEvents(old, now string) ([]string, error) {
	before, err := uids(old)
	if err != nil {
		return nil, err
	}
	after, err := uids(now)
	if err != nil {
		return nil, err
	}
	var gone []string
	for uid := range before {
		if !after[uid] {
			gone = append(gone, uid)
		}
	}
	slices.Sort(gone)
	return gone, nil
}

// uids are the events' UIDs of the feed at p (UID lines; ours are never folded).
func uids(p string) (map[string]bool, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	set := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if uid, ok := strings.CutPrefix(strings.TrimRight(sc.Text(), "\r"), "UID:"); ok {
			set[uid] = true
		}
	}
	return set, sc.Err()
}
