// Package preview is `generator serve`: the site on 127.0.0.1 with Hugo's live reload, its
// generated files made again whenever a file of data/ changes.
package preview

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"examnotice/generator/internal/build"
	"examnotice/generator/internal/render"
	"examnotice/generator/internal/site"
)

// Options says what to preview.
type Options struct {
	Root string
	Port int
	Log  io.Writer
}

// Serve previews the site on 127.0.0.1 with Hugo's live reload. It regenerates the files
// Hugo reads whenever a file of data/ changes; Hugo then reloads the browser. Bad data is
// reported and the last good generated files stay in place.
func Serve(opt Options) error {
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return err
	}
	dataDir := filepath.Join(root, "data")
	base := "http://localhost:" + strconv.Itoa(opt.Port) + "/"
	regenerate := func() error {
		p, err := site.Prepare(dataDir)
		if err != nil {
			return err
		}
		for _, w := range p.Warnings {
			fmt.Fprintf(opt.Log, "warning: %s\n", w)
		}
		gen := filepath.Join(root, site.GeneratedDir)
		today, err := build.Today(os.Getenv(build.SourceDateEpochEnv), time.Now())
		if err != nil {
			return err
		}
		_, err = p.Write(gen, filepath.Join(gen, "static"), dataDir, base, today) // the preview never records the calendar lock
		return err
	}
	if err := regenerate(); err != nil {
		return err
	}
	// data/ is polled every 100 ms (a walk of a few dozen files): with Hugo's own batching of file
	// events (500 ms), an edit shows in the browser in about half a second, never a second.
	go watch(dataDir, 100*time.Millisecond, func() {
		if err := regenerate(); err != nil {
			fmt.Fprintf(opt.Log, "data not applied:\n%v\n", err)
			return
		}
		fmt.Fprintln(opt.Log, "data changed: regenerated")
	})
	return render.Serve(root, opt.Port, base)
}

// watch calls changed whenever the names, sizes or modification times of the files under dir
// (every notice's folder too) change.
func watch(dir string, every time.Duration, changed func()) {
	last := snapshot(dir)
	for range time.Tick(every) {
		if now := snapshot(dir); now != last {
			last = now
			changed()
		}
	}
}

func snapshot(dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // a folder being created or removed shows in the next poll
		}
		if info, err := d.Info(); err == nil {
			fmt.Fprintf(&b, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return b.String()
}
