package build

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"

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
	inputs string // its first line, for this build's inputs
	// foreseen says whether the record holds this build's inputs and the files now there:
	// Hugo may render on them before Begin.
	foreseen bool
}

// foresee digests the inputs of the templates' data of the project root (every file of
// dataDir, the base URL, the day and the generator itself) and compares them and the files in
// site.GeneratedDir with the record.
func foresee(root, dataDir, base string, today data.Date) foresight {
	f := foresight{path: filepath.Join(root, filepath.FromSlash(inputsRecord))}
	digest, err := inputsDigest(dataDir, base, today)
	if err != nil {
		return f // a data file that cannot be read: Prepare says which
	}
	f.inputs = "inputs " + digest + "\n"
	recorded, err := os.ReadFile(f.path)
	if err != nil || len(recorded) <= len(f.inputs) || string(recorded[:len(f.inputs)]) != f.inputs {
		return f
	}
	fp := site.Fingerprint(filepath.Join(root, site.GeneratedDir))
	f.foreseen = fp != "" && string(recorded[len(f.inputs):]) == "data "+fp+"\n"
	return f
}

// record records the inputs and the files Begin left in site.GeneratedDir, at the end of a
// build that did not foresee them or found them changed (one that did records the same
// again). The inputs are digested again: the build may have recorded things in the data
// directory since (the calendar lock, the list of public URLs), which a rebuild reads as
// they are now. A record that cannot be written only costs the next build its head start.
func (f foresight) record(root, dataDir, base string, today data.Date) {
	digest, err := inputsDigest(dataDir, base, today)
	fp := site.Fingerprint(filepath.Join(root, site.GeneratedDir))
	if err != nil || fp == "" {
		os.Remove(f.path)
		return
	}
	datafile.Write(f.path, []byte("inputs "+digest+"\ndata "+fp+"\n"))
}

// inputsDigest is the SHA-256, in hex, of what the templates' data is made from: the
// generator (its module, version and revision as Go recorded them), the base URL, the day,
// and every file under dataDir by name and bytes.
func inputsDigest(dataDir, base string, today data.Date) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "examnotice templates' data\x00%s\x00%s\x00%s\x00", generatorIdentity(), base, today)
	err := filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dataDir, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// generatorIdentity names the generator as Go recorded it in the binary: its Go version,
// module and version, and the revision it was built from. A generator built from a changed
// working tree has the identity of its revision: should it encode the same inputs
// differently, the check after Begin finds it.
func generatorIdentity() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	id := fmt.Sprintf("%s %s %s %s", bi.GoVersion, bi.Main.Path, bi.Main.Version, bi.Main.Sum)
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
			id += " " + s.Key + "=" + s.Value
		}
	}
	return id
}
