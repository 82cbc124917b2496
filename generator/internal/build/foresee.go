package build

import (
	"os"
	"path/filepath"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/site"
)

// Hugo reads the templates' data (site.Prepared.Begin), which a build makes from the data
// directory, the base URL and the day: reading and checking the data, deriving the timeline,
// encoding it, about 3 ms of the real site's build, before Hugo could start. Almost always it
// is what the last build wrote, byte for byte. So a build records what it made the templates'
// data from (inputsRecord), and when the next one finds the same inputs and the same files,
// it starts Hugo at once on them, while it makes the templates' data again. That is only a
// guess, checked: if Begin then writes or removes anything there, the pages Hugo rendered are
// thrown away and rendered again on the new data (a generator that encodes the same inputs
// differently, a record that lies). A build whose data changed is not slower for it: its
// inputs differ, and it renders once, after Begin, as without the record.

// inputsRecord is where a build records what the templates' data in site.GeneratedDir was
// made from, relative to the project root: the digest of the inputs and the fingerprint of
// the files (site.Fingerprint), a line each. It is the build's own: nothing else reads it.
const inputsRecord = ".build/gen-inputs"

// foresight is a build's guess at its templates' data.
type foresight struct {
	path   string // the record
	inputs string // the digest of this build's inputs (site.Inputs), "" if a data file could not be read
	// foreseen says whether the record holds this build's inputs and the files now there:
	// Hugo may render on them before Begin.
	foreseen bool
}

// foresee digests the inputs of the templates' data of the project root (site.Inputs) and
// compares them and the files in site.GeneratedDir (site.Fingerprint) with the record.
func foresee(root, dataDir, base string, today data.Date) foresight {
	f := foresight{path: filepath.Join(root, filepath.FromSlash(inputsRecord))}
	var err error
	if f.inputs, err = site.Inputs(dataDir, base, today); err != nil {
		f.inputs = "" // Prepare says which file cannot be read
		return f
	}
	recorded, err := os.ReadFile(f.path)
	if err != nil {
		return f
	}
	fp := site.Fingerprint(filepath.Join(root, site.GeneratedDir))
	f.foreseen = fp != "" && string(recorded) == recordText(f.inputs, fp)
	return f
}

// record records the inputs and the files Begin left in site.GeneratedDir, once it has, in a
// build that did not foresee them or found them changed (one that did would record the same
// again). A record that cannot be written only costs the next build its head start.
func (f foresight) record(root string) {
	fp := site.Fingerprint(filepath.Join(root, site.GeneratedDir))
	if f.inputs == "" || fp == "" {
		os.Remove(f.path)
		return
	}
	datafile.Write(f.path, []byte(recordText(f.inputs, fp)))
}

// recordText is what the record holds for the digest of the inputs and the fingerprint of
// the files.
func recordText(inputs, fingerprint string) string {
	return "inputs " + inputs + "\ndata " + fingerprint + "\n"
}
