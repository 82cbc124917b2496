package site

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/gohugoio/hugo/commands"
	"github.com/pelletier/go-toml/v2"
)

// GeneratedDir is where the generator writes the files Hugo mounts (see hugo.toml), relative
// to the project root. It is git-ignored.
const GeneratedDir = ".build/gen"

// StaticDir is where a build writes the files it publishes as they are (calendars, QR
// images, notice.json), relative to the project root: they are linked into the site after
// Hugo has rendered it (linkGenerated). The preview writes them to GeneratedDir/static
// instead, which hugo.toml mounts. It is git-ignored.
const StaticDir = ".build/static"

// BaseURLEnv overrides hugo.toml's baseURL for a deploy, like the -baseurl flag.
const BaseURLEnv = "EXAM_SITE_BASE_URL"

// Options says what to build and where.
type Options struct {
	Root    string    // project root: hugo.toml, data/, content/, themes/
	Out     string    // the published directory, replaced only by a whole new build
	BaseURL string    // overrides hugo.toml's baseURL when set
	Log     io.Writer // summary and warnings
}

// Summary is what a build did, for the user.
type Summary struct {
	Rounds, Milestones, Warnings int
	Feeds, QRImages              int // calendar files; QR image files (PNG and SVG)
	Files                        int // published files
	Bytes                        int64
	BaseURL                      string
}

func (s Summary) String() string {
	return fmt.Sprintf("%d rounds, %d milestones, %d warnings; wrote %d calendar files and %d QR images; published %d files (%d KB) for %s",
		s.Rounds, s.Milestones, s.Warnings, s.Feeds, s.QRImages, s.Files, s.Bytes/1024, s.BaseURL)
}

// Build runs the whole pipeline. On any error the published directory is left as it was.
func Build(opt Options) (Summary, error) {
	var sum Summary
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return sum, err
	}
	out, err := filepath.Abs(opt.Out)
	if err != nil {
		return sum, err
	}
	unlock, err := lock(filepath.Join(root, ".build"))
	if err != nil {
		return sum, err
	}
	defer unlock()
	cleanLeftovers(out)

	p, err := Prepare(filepath.Join(opt.Root, "data"))
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
	static := filepath.Join(root, StaticDir)
	gen, err := p.writeGenerated(filepath.Join(root, GeneratedDir), static, root, base)
	if err != nil {
		return sum, err
	}

	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return sum, err
	}
	staging, err := os.MkdirTemp(filepath.Dir(out), stagingPrefix(out))
	if err != nil {
		return sum, fmt.Errorf("creating the staging directory: %w", err)
	}
	defer os.RemoveAll(staging) // after a successful swap it holds the old site, or nothing
	if err := runHugo(root, staging, base); err != nil {
		return sum, fmt.Errorf("hugo: %w", err)
	}
	if err := linkGenerated(static, staging); err != nil {
		return sum, fmt.Errorf("publishing the calendars and QR images: %w", err)
	}
	sum.Files, sum.Bytes, err = measure(staging)
	if err != nil {
		return sum, err
	}
	if err := replaceDir(staging, out); err != nil {
		return sum, err
	}
	sum.Feeds, sum.QRImages = gen.feeds, gen.images
	if err := gen.commit(); err != nil {
		return sum, fmt.Errorf("the site is published, but recording the calendar lock failed: %w", err)
	}
	sum.Rounds, sum.Warnings, sum.BaseURL = len(p.Rounds), len(p.Warnings), base
	for _, r := range p.Rounds {
		sum.Milestones += len(r.Milestones)
	}
	return sum, nil
}

func runHugo(root, dest, base string) error {
	return commands.Execute(HugoArgs(root, dest, base))
}

// HugoArgs are the arguments a build gives the embedded Hugo (commands.Execute) to render the
// project root into dest for the base URL. The benchmarks run Hugo alone with them.
func HugoArgs(root, dest, base string) []string {
	return []string{
		"build",
		"--source", root,
		"--destination", dest,
		"--environment", "production",
		"--baseURL", base,
		"--noBuildLock",
		"--panicOnWarning",
		"--quiet",
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

func isLocal(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || strings.HasPrefix(h, "127.") || h == "::1" || h == "0.0.0.0"
}

// lock takes an exclusive lock on dir/lock for the length of a build, so that two builds
// of one project never write the same generated files at once.
func lock(dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening the build lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("taking the build lock: %w", err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
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
