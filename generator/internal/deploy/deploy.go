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
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
	DryRun     bool // say what would change, change nothing; list what would be deleted
	Force      bool // upload every file, as after a change of the matchers
	MaxDeletes int  // more objects than this are not deleted; -1 for no limit, 0 deletes none
	// Delete names objects the site no longer has that the deploy may delete (a page, a
	// feed, …); DeleteAllListed allows every object the last dry run to the target listed.
	Delete          []string
	DeleteAllListed bool
	Log             io.Writer // the steps; Hugo prints what it uploads to stdout
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
	ctx := context.Background()
	objects, err := bucketKeys(ctx, t.URL)
	if err != nil {
		return fmt.Errorf("listing the objects of %s: %w; check the address and the credentials (docs/deploying.md)", t, err)
	}
	local, err := siteFiles(site)
	if err != nil {
		return err
	}
	remote := slices.Sorted(maps.Keys(objects))
	named := map[string]bool{}
	for _, d := range opt.Delete {
		named[strings.TrimPrefix(filepath.ToSlash(d), "/")] = true
	}
	if opt.DeleteAllListed {
		listed, err := readListing(p.DeployListed(), t.URL)
		if err != nil {
			return err
		}
		if listed == nil {
			return fmt.Errorf("-delete-all-listed deletes what the last dry run to %s listed, and there was none; run the deploy with -dry-run first, read the list, then run it with -delete-all-listed", t)
		}
		maps.Copy(named, listed)
	}
	plan := planDeletions(remote, local, named)
	for _, d := range opt.Delete {
		if k := strings.TrimPrefix(filepath.ToSlash(d), "/"); !slices.Contains(plan.approved, k) {
			return fmt.Errorf("-delete %s: the bucket of %s holds no such object that the site lacks; name the objects as the dry run lists them", d, t)
		}
	}
	deploy := hugoDeploy{root: p.Root, layout: p.Layout, site: site, url: t.URL, force: opt.Force}

	if opt.DryRun {
		fmt.Fprintf(opt.Log, "dry run: what deploying %s (built for %s) to %s would change\n", opt.Site, base, t)
		if err := deploy.run("", "", true); err != nil {
			return err
		}
		reportDeletions(opt.Log, plan, true)
		if len(plan.approved)+len(plan.blocked) > 0 {
			if err := os.MkdirAll(filepath.Dir(p.DeployListed()), 0o755); err != nil {
				return err
			}
			return os.WriteFile(p.DeployListed(), []byte(listing(t.URL, plan)), 0o644)
		}
		return nil
	}
	// The uploads in three passes, each whole before the next, and nothing deleted unless
	// all succeeded: the files pages link to, then the new pages (which no old page links
	// to yet), then the pages that changed. A deploy cut off at any point leaves a site whose
	// pages, reached from its home page, find every link and asset.
	fmt.Fprintf(opt.Log, "deploying %s (built for %s) to %s\n", opt.Site, base, t)
	uploads := changed(site, local, objects, opt.Force)
	passes := []struct{ what, include, exclude string }{
		{"the files that pages link to (stylesheets, scripts, images, calendars, data)", "", "**.html"},
		{"the new pages", glob(uploads[1]), ""},
		{"the pages that changed", "", ""},
	}
	for i, pass := range passes {
		if i == 1 && pass.include == "" {
			continue
		}
		fmt.Fprintf(opt.Log, "step %d of 4: uploading %s: %s\n", i+1, pass.what, data.Plural(len(uploads[i]), "file"))
		for _, f := range uploads[i] {
			fmt.Fprintf(opt.Log, "  %s\n", f)
		}
		if err := deploy.run(pass.include, pass.exclude, false); err != nil {
			return fmt.Errorf("uploading: %w; nothing was deleted and the published pages still work: run the deploy again to finish it", err)
		}
	}
	fmt.Fprintln(opt.Log, "step 4 of 4: deleting what the site no longer has")
	reportDeletions(opt.Log, plan, false)
	if len(plan.blocked) > 0 {
		return fmt.Errorf("every file is uploaded, but the bucket holds %s that the site no longer has and that nobody named to delete:\n  %s\na page, calendar, QR image or JSON file that vanishes breaks what teachers saved, printed or subscribed to: if it is still promised, put it back in the site (cancel rather than remove); if it must go, run the deploy again with -delete PATH for each, or -dry-run then -delete-all-listed; nothing was deleted", data.Plural(len(plan.blocked), "object"), describe(plan.blocked))
	}
	gone := plan.all()
	if opt.MaxDeletes >= 0 && len(gone) > opt.MaxDeletes {
		fmt.Fprintf(opt.Log, "not deleting %s: more than -max-deletes %d; run the deploy again with a larger -max-deletes (or -1) to delete them\n", data.Plural(len(gone), "object"), opt.MaxDeletes)
		return nil
	}
	err = deleteKeys(ctx, t.URL, gone, func(key string) { fmt.Fprintf(opt.Log, "deleted %s\n", key) })
	if err != nil {
		return fmt.Errorf("deleting what the site no longer has: %w; every file of the site is uploaded, run the deploy again to delete the rest", err)
	}
	if len(plan.approved) > 0 || opt.DeleteAllListed {
		os.Remove(p.DeployListed()) // what it listed is done
	}
	return nil
}

// changed is what each pass uploads, by the comparison Hugo makes (size and MD5): the files
// pages link to, the new pages (those a glob holds plainly; any other goes with the changed
// ones), the pages that changed.
func changed(site string, local []string, objects map[string][]byte, force bool) [3][]string {
	var out [3][]string
	for _, f := range local {
		sum, ok := objects[f]
		pass := 0
		if strings.HasSuffix(f, ".html") {
			pass = 2
			if !ok && plainPath.MatchString(f) {
				pass = 1
			}
		}
		if ok && !force && len(sum) > 0 {
			b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(f)))
			if m := md5.Sum(b); err == nil && bytes.Equal(m[:], sum) {
				continue
			}
		}
		out[pass] = append(out[pass], f)
	}
	return out
}

// reportDeletions says what the deploy deletes, or would, and what it will not delete
// without being told.
func reportDeletions(w io.Writer, d deletions, dry bool) {
	verb := "deleting"
	if dry {
		verb = "would delete"
	}
	for _, k := range d.superseded {
		fmt.Fprintf(w, "%s %s (a stylesheet or script the new one replaced)\n", verb, k)
	}
	for _, k := range d.approved {
		fmt.Fprintf(w, "%s %s (named to delete)\n", verb, k)
	}
	for _, k := range d.blocked {
		fmt.Fprintf(w, "not deleting %s: the site no longer has it; name it with -delete %s to delete it\n", k, k)
	}
	if dry && len(d.blocked)+len(d.approved) > 0 {
		fmt.Fprintln(w, "after reading this list, -delete-all-listed deletes each object it names")
	}
}

// glob is a glob (Hugo's include) of exactly the paths, or "" when there are none.
func glob(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	return "{" + strings.Join(paths, ",") + "}"
}

// plainPath is a path without a glob's special characters or capitals (Hugo lowercases its
// globs).
var plainPath = regexp.MustCompile(`^[a-z0-9._/-]+$`)

// hugoDeploy runs Hugo's deploy of site to the bucket url.
type hugoDeploy struct {
	root   string
	layout project.Layout
	site   string
	url    string
	force  bool
}

// run deploys the files of the site that include (a glob; "" for all) takes and exclude
// does not, deleting nothing (the deploy deletes itself, what it may).
func (h hugoDeploy) run(include, exclude string, dryRun bool) error {
	// Absolute paths: Hugo takes a relative one as under its source.
	root, err := filepath.Abs(h.root)
	if err != nil {
		return err
	}
	configs, err := sitefolder.HugoConfig(h.layout) // the matchers are the default configuration's
	if err != nil {
		return err
	}
	// A last configuration file whose one target replaces hugo.toml's (later files win);
	// the matchers stay.
	dir, err := os.MkdirTemp("", "examnotice-deploy-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	extra := filepath.Join(dir, "target.toml")
	target := map[string]string{"name": "examnotice", "URL": h.url}
	if include != "" {
		target["include"] = include
	}
	if exclude != "" {
		target["exclude"] = exclude
	}
	b, err := toml.Marshal(map[string]any{"deployment": map[string]any{"targets": []map[string]string{target}}})
	if err == nil {
		err = os.WriteFile(extra, b, 0o600)
	}
	if err != nil {
		return fmt.Errorf("writing the deploy configuration: %w", err)
	}
	args := []string{"deploy", "--source", root, "--destination", h.site, "--noBuildLock", "--target", "examnotice", "--config", configs + "," + extra, "--maxDeletes", "0"}
	if h.force {
		args = append(args, "--force")
	}
	if dryRun {
		args = append(args, "--dryRun")
	}
	return commands.Execute(args)
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

// Available reports whether this program can deploy (it was compiled with the build tag
// withdeploy, as the releases are).
func Available() bool { return compiled }
