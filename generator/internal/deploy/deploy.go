// Package deploy publishes a built site (public/) to object storage with Hugo's own deploy,
// `exam-notice deploy`: it first makes sure that the directory is a whole build of this
// project made for the address the target serves (never a localhost build, never a partial
// one), then uploads what changed and only after every upload succeeded deletes what the
// site no longer has. The target and the headers of every kind of file (the matchers) are
// hugo.toml's [deployment]; the nginx configuration for a single server, which the theme
// reads its Content-Security-Policy from, is themes/notice/assets/nginx.conf.
//
// Hugo compiles its deploy only with the build tag withdeploy (about 600 more packages and
// 48 MB more binary), so only `make deploy` and this package's storage test use the tag;
// without it Run says how to get it.
package deploy

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/gohugoio/hugo/commands"
	"github.com/pelletier/go-toml/v2"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/sitefolder"
)

// Options says what to publish where.
type Options struct {
	Site string // the built site, usually the project's public/
	// To is a target of hugo.toml's [deployment] by name, or a gocloud URL
	// (s3://bucket?endpoint=…&region=…); empty for the first target of hugo.toml.
	To         string
	DryRun     bool      // say what would change, change nothing
	Force      bool      // upload every file, as after a change of the matchers
	MaxDeletes int       // more stale files than this are not deleted (Hugo warns); -1 for no limit, 0 deletes none
	Log        io.Writer // the steps; Hugo prints what it uploads and deletes to stdout
}

// DefaultMaxDeletes is Hugo's own limit of deletions in one deploy.
const DefaultMaxDeletes = 256

// target is where a deploy goes: a target of hugo.toml's [deployment], or a URL given on the
// command line (Name empty).
type target project.Target

func (t target) String() string {
	if t.Name == "" {
		return t.URL
	}
	return fmt.Sprintf("target %q (%s)", t.Name, t.URL)
}

// Run checks the site built from the project p and deploys it. Hugo prints what it uploads
// and deletes.
func Run(p *project.Project, opt Options) error {
	if !compiled {
		return errors.New("this exam-notice was compiled without Hugo's deploy (build tag withdeploy); use a release (make dist), or make deploy")
	}
	site, err := filepath.Abs(opt.Site)
	if err != nil {
		return err
	}
	// Held until the last upload: a build started meanwhile would replace public/ under it.
	unlock, err := p.Lock("deploy", opt.Log)
	if err != nil {
		return err
	}
	defer unlock()
	t, base, err := check(p, site, opt.To)
	if err != nil {
		return err
	}
	// Absolute paths: Hugo takes a relative one as under its source.
	root, err := filepath.Abs(p.Root)
	if err != nil {
		return err
	}
	configs, err := sitefolder.HugoConfig(p.Layout) // the matchers are the default configuration's
	if err != nil {
		return err
	}
	args := []string{"deploy", "--source", root, "--destination", site, "--noBuildLock"}
	if t.Name == "" {
		// A URL of the command line: a last configuration file whose one target replaces
		// hugo.toml's (later files win); the matchers stay.
		dir, err := os.MkdirTemp("", "examnotice-deploy-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		extra := filepath.Join(dir, "target.toml")
		b, err := toml.Marshal(map[string]any{"deployment": map[string]any{"targets": []map[string]string{{"name": "command-line", "URL": t.URL}}}})
		if err == nil {
			err = os.WriteFile(extra, b, 0o600)
		}
		if err != nil {
			return fmt.Errorf("writing the deploy configuration: %w", err)
		}
		configs += "," + extra
	} else {
		args = append(args, "--target", t.Name)
	}
	args = append(args, "--config", configs)
	if opt.Force {
		args = append(args, "--force")
	}
	maxDeletes := strconv.Itoa(opt.MaxDeletes)
	if opt.DryRun {
		fmt.Fprintf(opt.Log, "dry run: what deploying %s (built for %s) to %s would change\n", opt.Site, base, t)
		return commands.Execute(append(args, "--dryRun", "--maxDeletes", maxDeletes))
	}
	// Two passes, so that nothing is deleted unless every upload succeeded (Hugo deletes
	// after a failed upload too): the old pages, still served then, may link to a file that
	// the new site dropped. Hugo's note that the first pass skips the deletions is expected.
	fmt.Fprintf(opt.Log, "deploying %s (built for %s) to %s\nstep 1 of 2: uploading the files that changed (deletions wait for step 2)\n", opt.Site, base, t)
	if err := commands.Execute(append(args, "--maxDeletes", "0")); err != nil {
		return fmt.Errorf("uploading: %w; nothing was deleted, run the deploy again to finish it", err)
	}
	fmt.Fprintf(opt.Log, "step 2 of 2: deleting the files the site no longer has (at most %s)\n", limit(opt.MaxDeletes))
	if err := commands.Execute(append(args, "--maxDeletes", maxDeletes)); err != nil {
		return fmt.Errorf("deleting stale files: %w; every file of the site is uploaded, run the deploy again to delete the rest", err)
	}
	return nil
}

func limit(n int) string {
	if n < 0 {
		return "no limit"
	}
	return strconv.Itoa(n) + "; more needs -max-deletes"
}

// check makes sure that site is a whole build of the project at root, made for the public
// address of the target to: it returns the target and that address, or what to do.
func check(p *project.Project, site, to string) (target, string, error) {
	t, err := findTarget(p, to)
	if err != nil {
		return t, "", err
	}
	name := filepath.Base(site) + "/"
	info, err := os.Stat(site)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !info.IsDir()) {
		return t, "", fmt.Errorf("there is no built site at %s; run `exam-notice build` (make) first", site)
	}
	if err != nil {
		return t, "", err
	}
	list := publicurl.List(p.Data())
	missing, err := publicurl.Unserved(site, list)
	if err != nil {
		return t, "", err
	}
	if len(missing) > 0 {
		return t, "", fmt.Errorf("%s is not a whole build of this project: it does not serve %s of data/%s (first /%s); rebuild it with `make` before deploying", name, data.Plural(len(missing), "URL"), publicurl.File, strings.TrimPrefix(missing[0], "/"))
	}
	built, err := builtFor(site)
	if err != nil {
		return t, "", fmt.Errorf("%s: %w; rebuild it with `make` before deploying", name, err)
	}
	if project.IsLocal(built) {
		return t, "", fmt.Errorf("%s was built for %s, a local address: its QR codes and calendar links would lead to this machine; rebuild it for the public address (`exam-notice build -baseurl https://…`, or make) and deploy again", name, built)
	}
	declared := "its baseURL in hugo.toml's [deployment]"
	if t.BaseURL == "" {
		declared = "the site's baseURL (hugo.toml, or $" + project.BaseURLEnv + ")"
	}
	want, err := p.BaseURL(t.BaseURL)
	if err != nil {
		return t, "", fmt.Errorf("the public address of %s: %w", t, err)
	}
	if built != want {
		return t, "", fmt.Errorf("%s was built for %s, but %s serves %s (%s); rebuild it with `exam-notice build -baseurl %s` (or %s=%s make), or deploy to the target of %s", name, built, t, want, declared, want, project.BaseURLEnv, want, built)
	}
	return t, built, nil
}

// findTarget is the target named to in hugo.toml's [deployment], or the one with the URL to,
// or a target of the URL to alone, or the first of hugo.toml when to is empty.
func findTarget(p *project.Project, to string) (target, error) {
	targets := p.Targets()
	var names []string
	for _, t := range targets {
		if to == t.Name || to == t.URL || to == "" {
			return target(t), nil
		}
		names = append(names, strconv.Quote(t.Name))
	}
	switch {
	case strings.Contains(to, "://"):
		return target{URL: to}, nil
	case to == "":
		return target{}, errors.New("hugo.toml's [deployment] has no target; give one with -to s3://bucket?endpoint=…&region=… (make deploy DEPLOY_URL=…) or add a [[deployment.targets]] to hugo.toml")
	case len(names) == 0:
		return target{}, fmt.Errorf("no target %q: hugo.toml's [deployment] has none; give a URL (s3://bucket?endpoint=…&region=…)", to)
	}
	return target{}, fmt.Errorf("no target %q in hugo.toml's [deployment] (it has %s); give one of them or a URL (s3://bucket?endpoint=…&region=…)", to, strings.Join(names, ", "))
}

// ogURL is the home page's own address, which the theme states (partial meta.html): the base
// URL the site was built for.
var ogURL = regexp.MustCompile(`<meta property="og:url" content="([^"]*)">`)

// builtFor is the base URL the site in dir was built for.
func builtFor(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		return "", fmt.Errorf("no home page (%w)", err)
	}
	m := ogURL.FindSubmatch(b)
	if m == nil || !bytes.HasSuffix(m[1], []byte("/")) {
		return "", errors.New("its home page does not say the address it was built for (og:url)")
	}
	return html.UnescapeString(string(m[1])), nil
}
