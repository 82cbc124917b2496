// Package check is the one check of a site folder's data, which `exam-notice check` runs, and
// the importer once it has written a notice: the rules of each notice and across notices,
// the timeline derived from them (site.Prepare), the data against the notices' own texts
// (package provenance), and, unless Options.SkipRecords, the three records a build keeps in
// data/: the record of changes, the calendar lock and the list of public URLs, which must
// hold what a build of this data records (a build writes them; they are committed with the
// data). A build runs its first part only (site.Prepare): it writes the records itself.
package check

import (
	"errors"
	"fmt"
	"strings"

	"examnotice/generator/internal/calendar"
	"examnotice/generator/internal/change"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/provenance"
	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/site"
)

// Options says what to leave out.
type Options struct {
	// SkipRecords leaves out the three records of data/: the importer's check, since a new
	// notice makes them stale until the next build records it.
	SkipRecords bool
}

// Data checks the data of the site folder l, and returns it prepared as a build reads it.
// The problems of the rules and of the data against the notices' texts come together, as
// data.Problems, sorted by file and line.
func Data(l project.Layout, opt Options) (*site.Prepared, error) {
	p, err := site.Prepare(l.Data())
	var probs data.Problems
	if err != nil && !errors.As(err, &probs) {
		return nil, err
	}
	if err := provenance.Check(l.Root); err != nil {
		var more data.Problems
		if !errors.As(err, &more) {
			return nil, err
		}
		probs = append(probs, more...)
	}
	if len(probs) > 0 {
		return nil, probs.Sorted()
	}
	if opt.SkipRecords {
		return p, nil
	}
	// The data against its sources first (above): a value changed on one side only is the
	// cause of a stale lock, not the other way round.
	dataDir := l.Data()
	if err := errors.Join(change.Check(dataDir, p.Notices), calendar.CheckLock(dataDir, p.Notices, p.Changes()), urls(dataDir, p)); err != nil {
		return nil, err
	}
	return p, nil
}

// urls reports the public URLs of the data that data/public-urls.txt does not record yet.
func urls(dataDir string, p *site.Prepared) error {
	missing, err := publicurl.Missing(publicurl.List(dataDir), p.PublicURLs())
	if err != nil || len(missing) == 0 {
		return err
	}
	return fmt.Errorf("data/%s is out of date: it lacks %s of the data (first /%s); run `make` and commit it", publicurl.File, data.Plural(len(missing), "public URL"), strings.TrimPrefix(missing[0], "/"))
}
