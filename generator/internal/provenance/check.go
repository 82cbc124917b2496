package provenance

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/noticetext"
)

// Paths relative to the project root, as messages show them (always with forward slashes).
const (
	dataDir    = "data"
	noticesDir = "data/notices" // one folder per notice: its data files, its text, its list
	listName   = "provenance.txt"
)

// Check compares the data of the project at root with its sources: the data files of each
// notice (root/data/notices/<id>/) with that notice's text beside them, and the working days
// (root/data/workdays.yaml) with the State Council's arrangements. The error, if any, lists
// every mismatch, one per line, as file:line[:col]: message.
func Check(root string) error {
	c := &checker{root: root}
	for _, dir := range c.noticeDirs() {
		c.notice(dir)
	}
	c.workdays()
	if len(c.probs) == 0 {
		return nil
	}
	return c.probs.Sorted()
}

// checker collects the problems of one Check.
type checker struct {
	root  string
	probs data.Problems
}

func (c *checker) add(pos data.Pos, format string, args ...any) {
	c.probs = append(c.probs, data.Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// read returns the file rel (relative to the root, slash-separated) without a byte-order
// mark; when it cannot be read it records a problem and returns false.
func (c *checker) read(rel string) ([]byte, bool) {
	b, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(rel)))
	if err != nil {
		c.add(data.Pos{File: rel}, "cannot read the file (%v)", pathError(err))
		return nil, false
	}
	return bytes.TrimPrefix(b, []byte("\ufeff")), true
}

// pathError drops the absolute path from an *os.PathError: the message names the file already.
func pathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// loadYAML parses the data file rel and returns its top-level mapping, or nil after
// recording why it cannot.
func (c *checker) loadYAML(rel string) *yaml.Node {
	b, ok := c.read(rel)
	if !ok {
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		pos := data.Pos{File: rel, Line: 1}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
		}
		c.add(pos, "cannot parse the file (%v); fix the YAML first", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil
	}
	if len(doc.Content) == 0 || resolve(doc.Content[0]).Kind != yaml.MappingNode {
		c.add(data.Pos{File: rel, Line: 1}, "expected a mapping of keys at the top of the file")
		return nil
	}
	return resolve(doc.Content[0])
}

// lines splits a text file into lines without their line ends; line n is lines[n-1].
func lines(b []byte) []string { return noticetext.Lines(string(b)) }

// dataPath is a shared data file's name as messages show it: data/workdays.yaml.
func dataPath(name string) string { return path.Join(dataDir, name) }

// noticeDirs lists the notice folders, data/notices/<id>, in the order of their names. Files
// beside them, and a folder without a notice, are the data checker's to report.
func (c *checker) noticeDirs() []string {
	entries, err := os.ReadDir(filepath.Join(c.root, filepath.FromSlash(noticesDir)))
	if err != nil {
		c.add(data.Pos{File: noticesDir}, "cannot read the directory (%v); expected one folder per notice, %s/<notice id>/", pathError(err), noticesDir)
		return nil
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, path.Join(noticesDir, e.Name()))
		}
	}
	return dirs
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// get returns the value of key in the mapping m, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return resolve(m.Content[i+1])
		}
	}
	return nil
}

// keyNode returns the key node of key in the mapping m, or nil.
func keyNode(m *yaml.Node, key string) *yaml.Node {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// items returns the items of a sequence, or nil.
func items(n *yaml.Node) []*yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, it := range n.Content {
		out[i] = resolve(it)
	}
	return out
}

// str returns the value of a scalar, or "".
func str(n *yaml.Node) string {
	if n = resolve(n); n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// strs returns the scalar items of a sequence.
func strs(n *yaml.Node) []string {
	var out []string
	for _, it := range items(n) {
		out = append(out, str(it))
	}
	return out
}

// at is the place of node n in the data file rel.
func at(rel string, n *yaml.Node) data.Pos {
	if n == nil {
		return data.Pos{File: rel, Line: 1}
	}
	return data.Pos{File: rel, Line: n.Line, Col: n.Column}
}

// walkScalars calls fn for every scalar under n with its key path: the mapping keys from
// the top joined by dots, list items skipped (rounds.days.date).
func walkScalars(n *yaml.Node, keys string, fn func(n *yaml.Node, keys string)) {
	n = resolve(n)
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if keys != "" {
				k = keys + "." + k
			}
			walkScalars(n.Content[i+1], k, fn)
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			walkScalars(it, keys, fn)
		}
	case yaml.ScalarNode:
		fn(n, keys)
	}
}
