package provenance

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"examnotice/generator/internal/data"
)

// notCarried is a line of a notice's provenance.txt (data/notices/<id>/provenance.txt): a
// value one side has and the other deliberately does not carry.
type notCarried struct {
	line   int
	what   string // the value as written, or the key path of a data file
	key    bool   // what is a key path (written with a trailing colon)
	file   string
	at     int // the only line of file it applies to, when written file:line; 0 for every line
	reason string
	used   bool
}

// readList reads the notice's provenance.txt; a notice without one leaves nothing out. Its
// files are named from the project root: the notice's text and data files in its folder.
func (nc *noticeCheck) readList() []*notCarried {
	listFile, textFile := nc.listFile, nc.textFile
	b, err := os.ReadFile(filepath.Join(nc.root, filepath.FromSlash(listFile)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		nc.add(data.Pos{File: listFile}, "cannot read the file (%v)", pathError(err))
		return nil
	}
	files := []string{textFile}
	for _, name := range noticeFiles {
		files = append(files, nc.path(name))
	}
	var list []*notCarried
	for i, l := range lines(b) {
		pos := data.Pos{File: listFile, Line: i + 1}
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Fields(l)
		if len(f) < 3 {
			nc.add(pos, "expected <value-or-key:> <file> <reason>, e.g. \"updated: %s our revision date, not the notice's\"", nc.path("notice.yaml"))
			continue
		}
		e := &notCarried{line: i + 1, what: f[0], file: f[1], reason: strings.Join(f[2:], " ")}
		if file, at, ok := strings.Cut(e.file, ":"); ok {
			n, err := strconv.Atoi(at)
			if err != nil || n < 1 {
				nc.add(pos, "%s: %q is not a line number; expected <file> or <file>:<line>", e.file, at)
				continue
			}
			e.file, e.at = file, n
		}
		if !slices.Contains(files, e.file) {
			nc.add(pos, "%s is not a file this check compares; expected one of %s", e.file, strings.Join(files, ", "))
			continue
		}
		if k, ok := strings.CutSuffix(e.what, ":"); ok && k != "" {
			if e.file == textFile {
				nc.add(pos, "%s names a key, but %s is the notice's text; give the value as written there", e.what, e.file)
				continue
			}
			e.what, e.key = k, true
		}
		list = append(list, e)
	}
	return list
}

// excluded reports whether the list leaves out it, and marks the lines that do as used.
func excluded(list []*notCarried, it *item) bool {
	out := false
	for _, e := range list {
		if e.file != it.pos.File || (e.at > 0 && e.at != it.pos.Line) {
			continue
		}
		if (e.key && e.what == it.keys) || (!e.key && (e.what == it.raw || e.what == it.value)) {
			e.used, out = true, true
		}
	}
	return out
}
