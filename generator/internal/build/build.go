// Package build runs the whole pipeline of `generator build`: load and check the data,
// derive the timeline, write the templates' data, render the site with Hugo into a staging
// directory beside the published one while the calendars and QR images are made (and linked
// beside it), move them in, make sure the new site keeps every promise of the old
// (data/calendar.lock, data/public-urls.txt), and only then put it in the place of the
// published directory. On any error the published directory is left as it was. When the
// templates' data is foreseen to be the last build's (foresee.go), Hugo starts on it at
// once, and renders again should the data turn out otherwise.
package build

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/publish"
	"examnotice/generator/internal/render"
	"examnotice/generator/internal/site"
)

// BaseURLEnv overrides hugo.toml's baseURL for a deploy, like the -baseurl flag.
const BaseURLEnv = "EXAM_SITE_BASE_URL"

// Options says what to build and where.
type Options struct {
	Root    string    // project root: hugo.toml, data/, content/, themes/
	Out     string    // the published directory, replaced only by a whole new build
	BaseURL string    // overrides hugo.toml's baseURL when set
	Log     io.Writer // warnings
}

// Summary is what a build did, for the user.
type Summary struct {
	Notices, Rounds, Milestones int
	Warnings                    int
	Feeds, QRImages             int // calendar files; QR image files (PNG and SVG)
	Files                       int // published files
	NewURLs                     int // public URLs recorded in data/public-urls.txt by this build
	Bytes                       int64
	BaseURL                     string
	// Foreseen says that Hugo rendered the pages on the last build's templates' data, which
	// this build found unchanged (see foresee), while it read the data.
	Foreseen bool
}

func (s Summary) String() string {
	return fmt.Sprintf("%s, %s, %s, %s; wrote %s and %s; published %s (%d KB) for %s; %s recorded",
		data.Plural(s.Notices, "notice"), data.Plural(s.Rounds, "round"), data.Plural(s.Milestones, "milestone"), data.Plural(s.Warnings, "warning"),
		data.Plural(s.Feeds, "calendar file"), data.Plural(s.QRImages, "QR image"), data.Plural(s.Files, "file"), s.Bytes/1024, s.BaseURL, data.Plural(s.NewURLs, "new public URL"))
}

// Run builds the site. On any error the published directory is left as it was.
func Run(opt Options) (Summary, error) {
	var sum Summary
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return sum, err
	}
	out, err := filepath.Abs(opt.Out)
	if err != nil {
		return sum, err
	}
	unlock, err := publish.Lock(filepath.Join(root, ".build"))
	if err != nil {
		return sum, err
	}
	defer unlock()
	defer Tune()()

	// The staging directory beside out is made while the data is read. What earlier builds
	// left beside out is removed while Hugo renders, once the generated files are linked
	// (Link may take directories of them from the site the last build replaced), or at the
	// end of a build that stops before; either way before the build returns. On every path
	// the staging directory is removed at the end: after a successful Replace there is
	// nothing left under its name.
	stagingDone := make(chan struct{})
	var stage publish.Stage
	var stagingErr error
	go func() {
		defer close(stagingDone)
		stage, stagingErr = publish.Staging(out)
	}()
	sweptInBackground := false
	defer func() {
		<-stagingDone
		if stagingErr != nil {
			return
		}
		os.RemoveAll(stage.Dir) // gone after a successful Replace; else the unfinished site
		if !sweptInBackground {
			stage.Sweep()
		}
	}()

	dataDir := filepath.Join(opt.Root, "data") // as the user gave it: messages name data/… as they know it
	base, err := ResolveBaseURL(root, opt.BaseURL)
	if err != nil {
		return sum, err
	}
	today, err := Today(os.Getenv(SourceDateEpochEnv), time.Now())
	if err != nil {
		return sum, err
	}
	// While the data is read, checked and derived, the build looks whether the templates' data
	// is foreseen to be the last build's: then Hugo starts on it at once (see foresee). On
	// every path the build waits for that Hugo before it returns.
	var sight foresight
	var early *hugoRun
	looked := make(chan struct{})
	go func() {
		defer close(looked)
		if sight = foresee(root, dataDir, base, today); sight.foreseen {
			<-stagingDone
			if stagingErr == nil {
				early = startHugo(root, stage.Dir, base)
			}
		}
	}()
	defer func() {
		<-looked
		if early != nil {
			early.wait()
		}
	}()
	p, err := site.Prepare(dataDir)
	<-looked
	if err != nil {
		return sum, err
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(opt.Log, "warning: %s\n", w)
	}
	if IsLocal(base) {
		fmt.Fprintf(opt.Log, "warning: base URL %s is local; QR codes and calendar links will only work on this machine (set -baseurl or %s for a deploy)\n", base, BaseURLEnv)
	}
	<-stagingDone
	if stagingErr != nil {
		return sum, stagingErr
	}
	staging := stage.Dir
	static := filepath.Join(root, site.StaticDir)
	// The templates' data first (if Hugo started on a wrong guess, Begin lets it finish before
	// it changes anything Hugo reads, and what it rendered goes). Then, while Hugo renders the
	// pages, which read none of them, the calendars, QR images and published JSON are made and
	// linked into a directory beside the staging one (generated), from which they are moved
	// into the site once it is rendered; then what earlier builds left is swept.
	finish, changed, err := p.Begin(filepath.Join(root, site.GeneratedDir), static, dataDir, base, today, func() {
		if early != nil {
			early.wait()
		}
	})
	if err != nil {
		return sum, err
	}
	if early != nil && changed {
		early = nil
		if err := emptyDir(staging); err != nil {
			return sum, err
		}
	}
	generated := staging + ".generated" // a staging name: what a killed build leaves, the next one removes
	var gen *site.Generated
	var genErr, linkErr error
	background := make(chan struct{})
	sweptInBackground = true
	go func() {
		defer close(background)
		if gen, genErr = finish(); genErr == nil {
			linkErr = publish.Link(static, generated, stage.Retired)
		}
		stage.Sweep()
		if !sight.foreseen || changed {
			sight.record(root)
		}
	}()
	defer func() { // before the ones above: the background work has swept when it is done
		<-background            // on every path: nothing writes under .build or beside out once the build returns
		os.RemoveAll(generated) // gone after Move; else the generated files not moved
	}()
	if early != nil {
		err = early.wait()
	} else {
		err = render.Build(root, staging, base)
	}
	if err != nil {
		err = fmt.Errorf("hugo: %w", err)
	}
	<-background
	if genErr != nil {
		return sum, genErr
	}
	if err != nil {
		return sum, err
	}
	if linkErr == nil {
		linkErr = publish.Move(generated, staging)
	}
	if linkErr != nil {
		return sum, fmt.Errorf("publishing the calendars and QR images: %w", linkErr)
	}
	// The finished site is walked once: counted, and its public URLs checked against its files.
	files, bytes, err := measure(staging)
	if err != nil {
		return sum, err
	}
	sum.Files, sum.Bytes = len(files), bytes
	if sum.Files == gen.Published { // the one explanation of all the URLs missing
		return sum, errors.New("hugo wrote no files")
	}
	listPath := filepath.Join(dataDir, publicurl.File)
	if err := publicurl.Check(staging, files, listPath, p.PublicURLs()); err != nil {
		return sum, err
	}
	if err := publish.Replace(staging, out); err != nil {
		return sum, err
	}
	if err := gen.Commit(); err != nil {
		return sum, fmt.Errorf("the site is published, but recording the calendar lock failed: %w", err)
	}
	if sum.NewURLs, err = publicurl.Record(listPath, p.PublicURLs()); err != nil {
		return sum, fmt.Errorf("the site is published, but recording its public URLs failed: %w", err)
	}
	sum.Feeds, sum.QRImages, sum.Foreseen = gen.Feeds, gen.Images, early != nil
	sum.Notices, sum.Warnings, sum.BaseURL = len(p.Notices), len(p.Warnings), base
	sum.Rounds, sum.Milestones = p.Rounds()
	return sum, nil
}

// memoryLimit is the soft limit of the memory of a build (debug.SetMemoryLimit): near it the
// garbage collector works harder instead of letting the heap grow as gcPercent allows. A
// large site's build makes its calendars and QR images while Hugo holds its pages: without it
// a build of 100 notices of 10 rounds peaks at about 600 MB, with it at 444 MB, for about 3%
// more time (see generator/internal/bench). Small sites never come near it.
const memoryLimit = 400 << 20

// gcPercent is the GOGC of a build (debug.SetGCPercent): the heap may grow to three times
// what is live before the garbage collector runs, not twice. A build is one short process: the
// real site's allocates about 20 MB over a live heap of 10–20 MB, so that at the default it
// collects about once a build (33 of 62 measured), at this almost never (1 of 62), and takes
// about a tenth less time; memoryLimit still bounds a large site's heap (100 notices: 444 MB
// either way).
const gcPercent = 200

// Tune sets the garbage collector as a build runs it, memoryLimit and gcPercent, each unless
// GOMEMLIMIT or GOGC (or the program) set its own, and returns the function that puts back what
// was. Run calls it; the benchmarks run Hugo alone under it too, so that the two compare on
// equal terms. (Two builds at once in one process share the settings until the first ends;
// then the second runs with the defaults, which costs time and memory, not correctness.)
func Tune() (restore func()) {
	var undo []func()
	if debug.SetMemoryLimit(-1) == math.MaxInt64 {
		debug.SetMemoryLimit(memoryLimit)
		undo = append(undo, func() { debug.SetMemoryLimit(math.MaxInt64) })
	}
	if os.Getenv("GOGC") == "" {
		if was := debug.SetGCPercent(gcPercent); was == 100 {
			undo = append(undo, func() { debug.SetGCPercent(was) })
		} else {
			debug.SetGCPercent(was) // the program's own
		}
	}
	return func() {
		for _, u := range undo {
			u()
		}
	}
}

// ResolveBaseURL picks the base URL: the override, else the environment, else hugo.toml.
func ResolveBaseURL(root, override string) (string, error) {
	base := override
	if base == "" {
		base = os.Getenv(BaseURLEnv)
	}
	if base == "" {
		b, err := os.ReadFile(filepath.Join(root, "hugo.toml"))
		if err != nil {
			return "", fmt.Errorf("reading the site configuration: %w", err)
		}
		var cfg struct {
			BaseURL string `toml:"baseURL"`
		}
		if err := toml.Unmarshal(b, &cfg); err != nil {
			return "", fmt.Errorf("hugo.toml: %w", err)
		}
		base = cfg.BaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("base URL %q is not an absolute http(s) URL; set baseURL in hugo.toml, -baseurl or %s to e.g. https://exam.example.com/", base, BaseURLEnv)
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base, nil
}

// IsLocal says whether the base URL is of this machine (localhost, 127.x, ::1, 0.0.0.0): a
// build for it warns, a deploy of it is refused.
func IsLocal(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || strings.HasPrefix(h, "127.") || h == "::1" || h == "0.0.0.0"
}

// hugoRun is Hugo rendering on a goroutine.
type hugoRun struct {
	done chan struct{}
	err  error
}

// startHugo renders the project root into dest for base on a goroutine.
func startHugo(root, dest, base string) *hugoRun {
	h := &hugoRun{done: make(chan struct{})}
	go func() {
		defer close(h.done)
		h.err = render.Build(root, dest, base)
	}()
	return h
}

// wait waits until Hugo is done and returns its error.
func (h *hugoRun) wait() error {
	<-h.done
	return h.err
}

// emptyDir removes everything in dir, not dir itself.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// measure lists the files under dir by slash-separated path, and counts their bytes.
func measure(dir string) (files map[string]bool, bytes int64, err error) {
	files = map[string]bool{}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = true
		bytes += info.Size()
		return nil
	})
	return files, bytes, err
}
