// Package pipeline is `exam-notice build`: it builds a site folder into its published
// directory (public/), whole or not at all. Run reads as the build goes:
//
//  1. take the project's lock, so that no other build or preview writes the generated files;
//  2. make a staging directory beside the published one (publish.Staging), and remove what
//     earlier builds left beside it while the next step runs;
//  3. load and check the data, derive the timeline and encode the model (site.Prepare);
//  4. write the templates' data, then let Hugo render the pages into the staging directory
//     while the calendars, QR images and published JSON are made (site.WriteStatic), and
//     link those files into it (publish.Link);
//  5. check the promises of the new site: every URL of data/public-urls.txt and every new
//     public URL is served, every page, feed, QR image, JSON export and text of the published
//     site and every event of its feeds is still there, and Hugo wrote pages;
//  6. swap the staging directory into the place of the published one (publish.Replace),
//     which leaves the old site beside it for the next build to remove;
//  7. record what the new site relies on in data/: the calendar lock, the record of changes
//     and the list of public URLs.
//
// On any error before the swap the published directory is left as it was.
package pipeline

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sync/errgroup"

	"examnotice/generator/internal/calendar"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/publish"
	"examnotice/generator/internal/render"
	"examnotice/generator/internal/site"
	"examnotice/generator/internal/sitefolder"
)

// MemoryLimit is the soft limit of a build's memory that the generator's main sets
// (debug.SetMemoryLimit) unless GOMEMLIMIT is set: near it the garbage collector works
// harder instead of letting the heap grow. A build of 100 notices makes its calendars and
// QR images while Hugo holds its pages, and peaks at about 600 MB without it, 450 MB with
// it (docs/performance.md). Small sites never come near it.
const MemoryLimit = 400 << 20

// Options says what to build and where.
type Options struct {
	Out     string    // the published directory, replaced only by a whole new build; default the project's
	BaseURL string    // overrides hugo.toml's baseURL when set
	Log     io.Writer // warnings
	// Draft builds a site that is not published (the desk's preview, a dry run's site): the
	// records of data/ are left as they are.
	Draft bool
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
	return fmt.Sprintf("%s, %s, %s, %s; wrote %s and %s; published %s (%d KB) for %s; %s recorded",
		data.Plural(s.Notices, "notice"), data.Plural(s.Rounds, "round"), data.Plural(s.Milestones, "milestone"), data.Plural(s.Warnings, "warning"),
		data.Plural(s.Feeds, "calendar file"), data.Plural(s.QRImages, "QR image"), data.Plural(s.Files, "file"), s.Bytes/1024, s.BaseURL, data.Plural(s.NewURLs, "new public URL"))
}

// Run builds the site folder p. On any error the published directory is left as it was.
func Run(p *project.Project, opt Options) (Summary, error) {
	var sum Summary
	out := cmp.Or(opt.Out, p.Out())
	unlock, err := p.Lock("build", opt.Log)
	if err != nil {
		return sum, err
	}
	defer unlock()
	if sum.BaseURL, err = p.BaseURL(opt.BaseURL); err != nil {
		return sum, err
	}
	now, err := project.Today()
	if err != nil {
		return sum, err
	}
	today := data.Date{Time: now}

	stage, err := publish.Staging(out)
	if err != nil {
		return sum, err
	}
	defer os.RemoveAll(stage.Dir)  // after a successful Replace nothing is left under its name
	removed := make(chan struct{}) // what earlier builds left beside out goes meanwhile
	go func() { stage.RemoveLeftovers(); close(removed) }()
	defer func() { <-removed }()
	prepared, err := site.Prepare(p.Data())
	if err != nil {
		return sum, err
	}
	if err := warn(p, prepared, sum.BaseURL, today, opt.Log); err != nil {
		return sum, err
	}

	gen, err := generate(p, prepared, stage.Dir, sum.BaseURL, today)
	if err != nil {
		return sum, err
	}
	urls, err := keepsPromises(p, prepared, gen, out, stage.Dir, &sum)
	if err != nil {
		return sum, err
	}
	if err := publish.Replace(stage.Dir, out); err != nil {
		return sum, err
	}
	if !opt.Draft {
		if err := record(append(gen.Records, urls)); err != nil {
			return sum, err
		}
	}
	sum.Feeds, sum.QRImages = gen.Feeds, gen.Images
	sum.Notices, sum.Warnings = len(prepared.Notices), len(prepared.Warnings)
	sum.Rounds, sum.Milestones = prepared.Rounds()
	return sum, nil
}

// warn adds to the data's warnings those of the records (a change recorded under an edition
// already published: calendar.Undated), and prints them, and one for a local base URL.
func warn(p *project.Project, prepared *site.Prepared, base string, today data.Date, log io.Writer) error {
	undated, err := calendar.Undated(p.Data(), prepared.Notices, prepared.Changes(), today)
	if err != nil {
		return err
	}
	prepared.Warnings = append(prepared.Warnings, undated...)
	for _, w := range prepared.Warnings {
		fmt.Fprintf(log, "warning: %s\n", w)
	}
	if project.IsLocal(base) {
		fmt.Fprintf(log, "warning: base URL %s is local; QR codes and calendar links will only work on this machine (set -baseurl or %s for a deploy)\n", base, project.BaseURLEnv)
	}
	return nil
}

// record writes the records of data/ that the published site relies on.
func record(records []datafile.Record) error {
	for _, r := range records {
		if err := datafile.Write(r.Path, r.Text); err != nil {
			return fmt.Errorf("the site is published, but recording %s failed: %w; build again", r.Path, err)
		}
	}
	return nil
}

// generate writes the templates' data, then renders the pages into the staging directory
// while it makes the files published as they are, and links those files into it.
func generate(p *project.Project, prepared *site.Prepared, staging, base string, today data.Date) (*site.Generated, error) {
	// The preview's generated files, which hugo.toml mounts for it, must not reach a build.
	if err := os.RemoveAll(p.PreviewStatic()); err != nil {
		return nil, fmt.Errorf("removing the preview's generated files: %w", err)
	}
	if err := prepared.WriteTemplateData(p.TemplateData(), today); err != nil {
		return nil, err
	}
	config, err := sitefolder.HugoConfig(p.Layout)
	if err != nil {
		return nil, err
	}
	var gen *site.Generated
	var work errgroup.Group
	work.Go(func() error {
		if err := render.Build(p.Root, config, staging, base); err != nil {
			return fmt.Errorf("hugo: %w", err)
		}
		return nil
	})
	work.Go(func() (err error) {
		gen, err = prepared.WriteStatic(p.Generated(), p.Static(), p.Data(), base)
		return err
	})
	if err := work.Wait(); err != nil {
		return nil, err
	}
	if err := publish.Link(p.Static(), staging); err != nil {
		return nil, fmt.Errorf("publishing the calendars and QR images: %w", err)
	}
	return gen, nil
}

// keepsPromises checks that the site in staging keeps every promise of the published one in
// out: it serves every URL of data/public-urls.txt and every public URL of the data, it still
// has every page, feed, QR image, JSON export and text of out and every event of out's
// feeds (whatever the records say), and Hugo wrote its pages. It counts the site in sum, and returns the list of public URLs with
// those of the data it lacks, to record once the site is published.
func keepsPromises(p *project.Project, prepared *site.Prepared, gen *site.Generated, out, staging string, sum *Summary) (datafile.Record, error) {
	files, err := measure(staging, sum)
	if err != nil {
		return datafile.Record{}, err
	}
	if sum.Files == gen.Published { // the one explanation of all the URLs missing
		return datafile.Record{}, errors.New("hugo wrote no files")
	}
	listPath, published := publicurl.List(p.Data()), prepared.PublicURLs()
	if err := publicurl.Check(staging, files, listPath, published); err != nil {
		return datafile.Record{}, err
	}
	if err := publicurl.Kept(out, staging, files); err != nil {
		return datafile.Record{}, err
	}
	urls, added, err := publicurl.Next(listPath, published)
	sum.NewURLs = added
	return urls, err
}

// measure lists the files under dir by slash-separated path, and counts them and their
// bytes in sum.
func measure(dir string, sum *Summary) (map[string]bool, error) {
	files := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
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
		sum.Bytes += info.Size()
		return nil
	})
	sum.Files = len(files)
	return files, err
}
