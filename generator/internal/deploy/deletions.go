package deploy

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// fingerprinted is an asset whose name carries the hash of its content (Hugo's
// resources.Fingerprint): css/site.min.<sha256>.css.
var fingerprinted = regexp.MustCompile(`^(.*)\.[0-9a-f]{64}(\.(?:css|js))$`)

// deletions is what a deploy would delete from the bucket: the objects the site no longer
// has. A superseded fingerprinted asset (a new fingerprint of it is in the site) goes on its
// own; anything else, a page, a feed, a QR image, a JSON file, an object someone else put
// there, only when the run names it (-delete PATH, or -delete-all-listed after a dry run
// listed it): a page or feed that vanishes breaks what teachers saved or subscribed to.
type deletions struct {
	superseded []string // deleted on their own
	approved   []string // named by the run
	blocked    []string // neither: the deploy stops before deleting anything
}

// planDeletions sorts the objects of remote that local (the site's files, slash-separated)
// lacks; named are the paths the run allows to delete.
func planDeletions(remote, local []string, named map[string]bool) deletions {
	have := map[string]bool{}
	assets := map[string]bool{} // fingerprinted assets of the site, by name without the fingerprint
	for _, f := range local {
		have[f] = true
		if m := fingerprinted.FindStringSubmatch(f); m != nil {
			assets[m[1]+m[2]] = true
		}
	}
	var d deletions
	for _, key := range remote {
		if have[key] {
			continue
		}
		m := fingerprinted.FindStringSubmatch(key)
		switch {
		case m != nil && assets[m[1]+m[2]]:
			d.superseded = append(d.superseded, key)
		case named[key]:
			d.approved = append(d.approved, key)
		default:
			d.blocked = append(d.blocked, key)
		}
	}
	slices.Sort(d.superseded)
	slices.Sort(d.approved)
	slices.Sort(d.blocked)
	return d
}

// all is every object the deploy would delete once nothing is blocked.
func (d deletions) all() []string { return append(slices.Clone(d.superseded), d.approved...) }

// listing is the dry run's record: the target, then each object it would delete but for
// the run naming it.
func listing(target string, d deletions) string {
	return "# " + target + "\n" + strings.Join(append(slices.Clone(d.approved), d.blocked...), "\n") + "\n"
}

// readListing is what the last dry run to target listed (nil when none did).
func readListing(path, target string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) == 0 || lines[0] != "# "+target {
		return nil, nil
	}
	out := map[string]bool{}
	for _, l := range lines[1:] {
		if l != "" {
			out[l] = true
		}
	}
	return out, nil
}

// siteFiles is every file of the built site, by slash-separated path.
func siteFiles(site string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(site, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(site, path)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	return out, err
}

// describe lists paths for a message, at most a screenful.
func describe(paths []string) string {
	const most = 20
	if len(paths) <= most {
		return strings.Join(paths, "\n  ")
	}
	return strings.Join(paths[:most], "\n  ") + fmt.Sprintf("\n  … and %d more", len(paths)-most)
}
