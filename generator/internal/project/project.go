// Package project knows a site folder: where its data, theme, content, generated files and
// published site live (Layout), what its hugo.toml says that the generator needs (the base
// URL and the deploy targets, read once by Open), what day "today" is (Today), whether an
// address is of this machine (IsLocal), and the lock that a build and the preview take so
// that only one of them writes the generated files at a time (Layout.Lock).
//
// Paths are joined to the root as it was given, so that the checker's messages name
// data/notices/… as the user knows it.
package project

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// BaseURLEnv overrides hugo.toml's baseURL, like the -baseurl flag of `exam-notice build`.
const BaseURLEnv = "EXAM_SITE_BASE_URL"

// Layout is where a site folder keeps what the generator reads and writes.
type Layout struct {
	Root string // the site folder, as the user gave it
}

// Config is hugo.toml, the site's configuration, which Hugo reads too.
func (l Layout) Config() string { return filepath.Join(l.Root, "hugo.toml") }

// Data is the data directory: the notices, the shared data, and the three records a build
// keeps (calendar.lock, changes.lock, public-urls.txt).
func (l Layout) Data() string { return filepath.Join(l.Root, "data") }

// Content is the folder's own content pages and adapters, which Hugo reads instead of those
// the binary carries when the folder has them.
func (l Layout) Content() string { return filepath.Join(l.Root, "content") }

// Themes is the directory of the folder's own theme (themes/notice), which Hugo reads instead
// of the one the binary carries when the folder has it.
func (l Layout) Themes() string { return filepath.Join(l.Root, "themes") }

// ThemeName is the name of the site's theme, a directory of Themes.
const ThemeName = "notice"

// Builtin is where the generator writes for Hugo what the binary carries of a site folder:
// the default configuration, the configuration of the folder's layout, and the theme and
// the content pages when the folder has none of its own (package sitefolder).
func (l Layout) Builtin() string { return filepath.Join(l.work(), "builtin") }

// DeployListed is the file in which a deploy's dry run lists what it would delete, which
// a deploy with -delete-all-listed then deletes.
func (l Layout) DeployListed() string { return filepath.Join(l.work(), "deploy-listed.txt") }

// Out is the published site, unless a build is told another directory.
func (l Layout) Out() string { return filepath.Join(l.Root, "public") }

// work is the generator's own directory, git-ignored: the lock, the generated files, the
// tools the tests install.
func (l Layout) work() string { return filepath.Join(l.Root, ".build") }

// Generated is where the generator writes the files Hugo mounts (hugo.toml's [module]
// mounts .build/gen/data, and .build/gen/static for the preview).
func (l Layout) Generated() string { return filepath.Join(l.work(), "gen") }

// hugoData is the name of Hugo's data directory in a mount: hugo.Data reads its files.
const hugoData = "data"

// TemplateData is where the generator writes the data the templates read as hugo.Data
// (site.json, today.json): Hugo's data directory, mounted from here by hugo.toml.
func (l Layout) TemplateData() string { return filepath.Join(l.Generated(), hugoData) }

// PreviewStatic is where the preview writes the files a build publishes as they are, for
// Hugo to serve them (hugo.toml mounts it); a build removes it, so that they never reach a
// published site.
func (l Layout) PreviewStatic() string { return filepath.Join(l.Generated(), "static") }

// Static is where a build writes the files it publishes as they are (calendars, QR images,
// the notices' JSON and texts), to link them into the site Hugo rendered.
func (l Layout) Static() string { return filepath.Join(l.work(), "static") }

// Project is a site folder with its configuration read.
type Project struct {
	Layout
	baseURL string   // hugo.toml's baseURL
	targets []Target // hugo.toml's [deployment] targets, in order
}

// Target is a deploy target of hugo.toml's [deployment].
type Target struct {
	Name    string `toml:"name"`
	URL     string `toml:"URL"`
	BaseURL string `toml:"baseURL"` // ours, ignored by Hugo: the public address it serves
}

// Open reads the configuration of the site folder root.
func Open(root string) (*Project, error) {
	l := Layout{Root: root}
	b, err := os.ReadFile(l.Config())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s has no hugo.toml: it is not a site folder; run the command in the site folder or give it with -root", root)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the site configuration: %w", err)
	}
	var cfg struct {
		BaseURL    string `toml:"baseURL"`
		Deployment struct {
			Targets []Target `toml:"targets"`
		} `toml:"deployment"`
	}
	if err := toml.Unmarshal(b, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %w; correct the file", l.Config(), err)
	}
	return &Project{Layout: l, baseURL: cfg.BaseURL, targets: cfg.Deployment.Targets}, nil
}

// Targets are the deploy targets of hugo.toml's [deployment], in order.
func (p *Project) Targets() []Target { return p.targets }

// BaseURL is the address the site is built for, ending in "/": override when set, else
// $EXAM_SITE_BASE_URL, else hugo.toml's baseURL.
func (p *Project) BaseURL(override string) (string, error) {
	base := override
	if base == "" {
		base = os.Getenv(BaseURLEnv)
	}
	if base == "" {
		base = p.baseURL
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

// IsLocal says whether the address is of this machine (localhost, 127.x, ::1, 0.0.0.0): a
// build for it warns, a deploy of it is refused.
func IsLocal(address string) bool {
	u, err := url.Parse(address)
	if err != nil {
		return false
	}
	h := u.Hostname()
	ip := net.ParseIP(h)
	return h == "localhost" || ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}
