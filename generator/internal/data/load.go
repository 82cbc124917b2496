// Package data loads the notice's YAML files strictly and checks them against the notice's
// rules. Every problem names file:line:column, what is wrong and what is expected.
package data

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// fileNames are the data files, in the order they are read.
var fileNames = []string{"contacts.yaml", "fees.yaml", "groups.yaml", "notice.yaml", "process.yaml", "provinces.yaml", "rounds.yaml", "workdays.yaml"}

// Load reads every data file of dir. The error, if any, is Problems: every problem found in
// every file, in file order. Rules between values are Check's work.
func Load(dir string) (*Notice, error) {
	srcs := map[string][]byte{}
	var probs Problems
	for _, name := range fileNames {
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			probs.add(Pos{File: path}, "cannot read the file (%v); a data directory holds %s", err, strings.Join(fileNames, ", "))
			continue
		}
		srcs[name] = src
	}
	n, decodeProbs := decodeFiles(dir, srcs)
	probs = append(probs, decodeProbs...)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the data directory: %w", err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); (ext == ".yaml" || ext == ".yml") && !slices.Contains(fileNames, e.Name()) {
			probs.add(Pos{File: filepath.Join(dir, e.Name())}, "unknown data file; expected only %s", strings.Join(fileNames, ", "))
		}
	}
	if len(probs) > 0 {
		return nil, probs.Sorted()
	}
	return n, nil
}

// decodeFiles decodes the contents of the data files of dir (by file name) into a Notice.
// Files missing from srcs are left empty; reporting them is the caller's work.
func decodeFiles(dir string, srcs map[string][]byte) (*Notice, Problems) {
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
	var probs Problems
	n.paths = map[string]string{}
	for _, name := range fileNames {
		path := filepath.Join(dir, name)
		n.paths[name] = path
		if src, ok := srcs[name]; ok {
			probs = append(probs, decodeBytes(path, src, targets[name])...)
		}
	}
	n.Rounds, n.Process, n.Provinces, n.Workdays = rounds.Rounds, process.Steps, provinces.Provinces, workdays.Years
	return &n, probs
}
