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

// Load reads every data file of dir. The error, if any, is Problems: every problem found in
// every file, in file order. Rules between values are Check's work.
func Load(dir string) (*Notice, error) {
	var (
		n         Notice
		rounds    roundsFile
		process   processFile
		provinces provincesFile
		workdays  workdaysFile
	)
	targets := []struct {
		name string
		dst  any
	}{
		{"contacts.yaml", &n.Contacts},
		{"fees.yaml", &n.Fees},
		{"groups.yaml", &n.Groups},
		{"notice.yaml", &n.Meta},
		{"process.yaml", &process},
		{"provinces.yaml", &provinces},
		{"rounds.yaml", &rounds},
		{"workdays.yaml", &workdays},
	}
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = t.name
	}
	var probs Problems
	n.paths = map[string]string{}
	for _, t := range targets {
		path := filepath.Join(dir, t.name)
		n.paths[t.name] = path
		src, err := os.ReadFile(path)
		if err != nil {
			probs.add(Pos{File: path}, "cannot read the file (%v); a data directory holds %s", err, strings.Join(names, ", "))
			continue
		}
		probs = append(probs, decodeBytes(path, src, t.dst)...)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the data directory: %w", err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); (ext == ".yaml" || ext == ".yml") && !slices.Contains(names, e.Name()) {
			probs.add(Pos{File: filepath.Join(dir, e.Name())}, "unknown data file; expected only %s", strings.Join(names, ", "))
		}
	}
	if len(probs) > 0 {
		return nil, probs.sorted()
	}
	n.Rounds, n.Process, n.Provinces, n.Workdays = rounds.Rounds, process.Steps, provinces.Provinces, workdays.Years
	return &n, nil
}
