// Package data loads the notice's YAML files strictly and checks them against the notice's
// rules. Every problem names file:line:column, what is wrong and what is expected.
package data

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// The files that hold a single list have that list under one key.
type (
	roundsFile struct {
		Rounds []Round `yaml:"rounds"`
	}
	processFile struct {
		Steps []Step `yaml:"steps"`
	}
	provincesFile struct {
		Provinces []Province `yaml:"provinces"`
	}
	workdaysFile struct {
		Years []WorkdayYear `yaml:"years"`
	}
)

// The layout of a data directory: the reference data every notice shares at the top, and
// one folder per notice under notices/, named by the notice's id, holding what that notice
// says (its six files and its text, named by source_file of its notice.yaml).
const NoticesDir = "notices"

var (
	sharedFiles = []string{"provinces.yaml", "workdays.yaml"}
	noticeFiles = []string{"contacts.yaml", "fees.yaml", "groups.yaml", "notice.yaml", "process.yaml", "rounds.yaml"}
)

// fileNames are every data file of a notice, its own and the shared ones, in the order they
// are decoded.
var fileNames = []string{"contacts.yaml", "fees.yaml", "groups.yaml", "notice.yaml", "process.yaml", "provinces.yaml", "rounds.yaml", "workdays.yaml"}

// Library is everything a data directory holds: every notice, and the reference data they
// share (each Notice also carries it, so that one notice can be checked and derived alone).
type Library struct {
	Notices   []*Notice // in the order of their folders' names
	Provinces []Province
	Workdays  []WorkdayYear
}

// Load reads every data file of dir: the shared files, then every notice folder. The error,
// if any, is Problems: every problem found in every file, in file order. Rules between values
// are Check's work.
func Load(dir string) (*Library, error) {
	var probs Problems
	shared := map[string]source{}
	for _, name := range sharedFiles {
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			probs.add(Pos{File: path}, "cannot read the file (%v); a data directory holds %s and a folder %s/ with one folder per notice", err, strings.Join(sharedFiles, ", "), NoticesDir)
			continue
		}
		shared[name] = source{path: path, src: src}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the data directory: %w", err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); (ext == ".yaml" || ext == ".yml") && !slices.Contains(sharedFiles, e.Name()) {
			where := "a notice's files belong in its folder " + filepath.Join(dir, NoticesDir, "<notice id>") + "/"
			if !slices.Contains(noticeFiles, e.Name()) {
				where = "expected only " + strings.Join(sharedFiles, ", ") + " here"
			}
			probs.add(Pos{File: filepath.Join(dir, e.Name())}, "unknown data file; %s", where)
		}
	}
	lib := &Library{}
	folders, err := os.ReadDir(filepath.Join(dir, NoticesDir))
	if err != nil {
		probs.add(Pos{File: filepath.Join(dir, NoticesDir)}, "cannot read the notices (%v); expected one folder per notice, named by its id, e.g. %s", err, filepath.Join(dir, NoticesDir, "2024h2"))
	}
	// The notices at once, each into its own element; kept in the order of their folders.
	loaded := make([]*Notice, len(folders))
	noticeProbs := make([]Problems, len(folders))
	var wg sync.WaitGroup
	for i, f := range folders {
		path := filepath.Join(dir, NoticesDir, f.Name())
		if !f.IsDir() {
			probs.add(Pos{File: path}, "not a folder; %s/ holds one folder per notice", filepath.Join(dir, NoticesDir))
			continue
		}
		wg.Go(func() { loaded[i], noticeProbs[i] = loadNotice(path, shared) })
	}
	wg.Wait()
	for i, n := range loaded {
		probs = append(probs, noticeProbs[i]...)
		if n != nil {
			lib.Notices = append(lib.Notices, n)
		}
	}
	if err == nil && len(folders) == 0 {
		probs.add(Pos{File: filepath.Join(dir, NoticesDir)}, "no notice; expected one folder per notice, named by its id, e.g. %s", filepath.Join(dir, NoticesDir, "2024h2"))
	}
	if len(probs) > 0 {
		return nil, probs.Sorted()
	}
	if len(lib.Notices) > 0 {
		lib.Provinces, lib.Workdays = lib.Notices[0].Provinces, lib.Notices[0].Workdays
	}
	return lib, nil
}

// loadNotice reads the notice folder dir, with the shared files already read.
func loadNotice(dir string, shared map[string]source) (*Notice, Problems) {
	var probs Problems
	files := map[string]source{}
	for name, s := range shared {
		files[name] = s
	}
	for _, name := range noticeFiles {
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			probs.add(Pos{File: path}, "cannot read the file (%v); a notice's folder holds %s and the notice's text", err, strings.Join(noticeFiles, ", "))
			continue
		}
		files[name] = source{path: path, src: src}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, append(probs, Problem{Pos: Pos{File: dir}, Msg: fmt.Sprintf("cannot read the notice's folder: %v", err)})
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); (ext == ".yaml" || ext == ".yml") && !slices.Contains(noticeFiles, e.Name()) {
			probs.add(Pos{File: filepath.Join(dir, e.Name())}, "unknown data file; expected only %s in a notice's folder", strings.Join(noticeFiles, ", "))
		}
	}
	n, decodeProbs := decodeFiles(files)
	n.Dir = dir
	return n, append(probs, decodeProbs...)
}

// source is a data file's path, as messages name it, and its contents.
type source struct {
	path string
	src  []byte
}

// decodeFiles decodes the data files of one notice (by file name: its own and the shared
// ones) into a Notice. Files missing from files are left empty; reporting them is the
// caller's work.
func decodeFiles(files map[string]source) (*Notice, Problems) {
	var (
		n         Notice
		rounds    roundsFile
		process   processFile
		provinces provincesFile
		workdays  workdaysFile
	)
	targets := map[string]any{
		"contacts.yaml":  &n.Contacts,
		"fees.yaml":      &n.Fees,
		"groups.yaml":    &n.Groups,
		"notice.yaml":    &n.Meta,
		"process.yaml":   &process,
		"provinces.yaml": &provinces,
		"rounds.yaml":    &rounds,
		"workdays.yaml":  &workdays,
	}
	// Each file into its own target, at once; their problems in the order of fileNames.
	fileProbs := make([]Problems, len(fileNames))
	n.paths = map[string]string{}
	var wg sync.WaitGroup
	for i, name := range fileNames {
		f, ok := files[name]
		if !ok {
			continue
		}
		n.paths[name] = f.path
		wg.Go(func() { fileProbs[i] = decodeBytes(f.path, f.src, targets[name]) })
	}
	wg.Wait()
	var probs Problems
	for _, p := range fileProbs {
		probs = append(probs, p...)
	}
	n.Rounds, n.Process, n.Provinces, n.Workdays = rounds.Rounds, process.Steps, provinces.Provinces, workdays.Years
	return &n, probs
}
