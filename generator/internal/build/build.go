// Package build runs the whole pipeline of `generator build`: load and check the data,
// derive the timeline, write the generated files, render the site with Hugo into a staging
// directory beside the published one, link the calendars and QR images in, make sure the new
// site keeps every promise of the old (data/calendar.lock, data/public-urls.txt), and only
// then put it in the place of the published directory. On any error the published directory
// is left as it was.
package build

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

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
}

func (s Summary) String() string {
	return fmt.Sprintf("%d notices, %d rounds, %d milestones, %d warnings; wrote %d calendar files and %d QR images; published %d files (%d KB) for %s; %d new public URLs recorded",
		s.Notices, s.Rounds, s.Milestones, s.Warnings, s.Feeds, s.QRImages, s.Files, s.Bytes/1024, s.BaseURL, s.NewURLs)
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

	dataDir := filepath.Join(opt.Root, "data") // as the user gave it: messages name data/… as they know it
	p, err := site.Prepare(dataDir)
	if err != nil {
		return sum, err
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(opt.Log, "warning: %s\n", w)
	}
	base, err := ResolveBaseURL(root, opt.BaseURL)
	if err != nil {
		return sum, err
	}
	if isLocal(base) {
		fmt.Fprintf(opt.Log, "warning: base URL %s is local; QR codes and calendar links will only work on this machine (set -baseurl or %s for a deploy)\n", base, BaseURLEnv)
	}
	today, err := Today(os.Getenv(SourceDateEpochEnv), time.Now())
	if err != nil {
		return sum, err
	}
	static := filepath.Join(root, site.StaticDir)
	gen, err := p.Write(filepath.Join(root, site.GeneratedDir), static, dataDir, base, today)
	if err != nil {
		return sum, err
	}

	staging, err := publish.Staging(out)
	if err != nil {
		return sum, err
	}
	defer os.RemoveAll(staging) // gone after a successful Replace; else the unfinished site
	if err := render.Build(root, staging, base); err != nil {
		return sum, fmt.Errorf("hugo: %w", err)
	}
	if err := publish.Link(static, staging); err != nil {
		return sum, fmt.Errorf("publishing the calendars and QR images: %w", err)
	}
	listPath := filepath.Join(dataDir, publicurl.File)
	if err := publicurl.Check(staging, listPath, p.PublicURLs()); err != nil {
		return sum, err
	}
	sum.Files, sum.Bytes, err = measure(staging)
	if err != nil {
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
	sum.Feeds, sum.QRImages = gen.Feeds, gen.Images
	sum.Notices, sum.Warnings, sum.BaseURL = len(p.Notices), len(p.Warnings), base
	sum.Rounds, sum.Milestones = p.Rounds()
	return sum, nil
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

func isLocal(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || strings.HasPrefix(h, "127.") || h == "::1" || h == "0.0.0.0"
}

func measure(dir string) (files int, bytes int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		bytes += info.Size()
		return nil
	})
	if err == nil && files == 0 {
		err = errors.New("hugo wrote no files")
	}
	return files, bytes, err
}
