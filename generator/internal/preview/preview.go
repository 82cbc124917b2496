// Package preview is `exam-notice serve`: the site on 127.0.0.1 with Hugo's live reload, its
// generated files made again whenever a file of data/ changes.
package preview

import (
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/render"
	"examnotice/generator/internal/site"
	"examnotice/generator/internal/sitefolder"
)

// Options says how to preview.
type Options struct {
	Port int
	Log  io.Writer
}

// Serve previews the site folder p on 127.0.0.1 with Hugo's live reload. It regenerates the
// files Hugo reads whenever a file of data/ changes, holding the project's lock meanwhile,
// as a build does; Hugo then reloads the browser. Bad data is reported and the last good
// generated files stay in place.
func Serve(p *project.Project, opt Options) error {
	base := "http://localhost:" + strconv.Itoa(opt.Port) + "/"
	if err := regenerate(p, base, opt.Log); err != nil {
		return err
	}
	unlock, err := p.Lock("preview", opt.Log)
	if err != nil {
		return err
	}
	config, err := sitefolder.HugoConfig(p.Layout)
	unlock()
	if err != nil {
		return err
	}
	// data/ is polled every 100 ms (a walk of a few dozen files): with Hugo's own batching of file
	// events (500 ms), an edit shows in the browser in about half a second, never a second.
	go watch(p.Data(), 100*time.Millisecond, func() {
		if err := regenerate(p, base, opt.Log); err != nil {
			fmt.Fprintf(opt.Log, "data not applied:\n%v\n", err)
			return
		}
		fmt.Fprintln(opt.Log, "data changed: regenerated")
	})
	return render.Serve(p.Root, config, opt.Port, base)
}

// regenerate writes the files Hugo reads for the site at base, holding the project's lock
// meanwhile, as a build does, so that the two never write the generated files at once.
func regenerate(p *project.Project, base string, log io.Writer) error {
	unlock, err := p.Lock("preview", log)
	if err != nil {
		return err
	}
	defer unlock()
	prepared, err := site.Prepare(p.Data())
	if err != nil {
		return err
	}
	for _, w := range prepared.Warnings {
		fmt.Fprintf(log, "warning: %s\n", w)
	}
	today, err := project.Today()
	if err != nil {
		return err
	}
	if err := prepared.WriteTemplateData(p.TemplateData(), data.Date{Time: today}); err != nil {
		return err
	}
	// Into the mount the layout has for them (package sitefolder); the preview never records the calendar lock.
	_, err = prepared.WriteStatic(p.Generated(), p.PreviewStatic(), p.Data(), base)
	return err
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
