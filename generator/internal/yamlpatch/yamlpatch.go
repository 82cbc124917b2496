// Package yamlpatch edits a YAML data file in place. Merge carries into a file the
// differences between two other versions of it (a three-way merge by value: what the notice
// said before a correction, and after it): it rewrites only the scalars that changed and
// inserts or removes only the items and keys that came or went, so that comments, the order
// of keys, quoting and every value the two versions agree on stay as they were, byte for
// byte. Set sets one key of one mapping the same way.
package yamlpatch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Options say how the items of a sequence are matched across the versions.
type Options struct {
	// ItemKey names, for a sequence at path (as Edit.Path writes it: "rounds", "groups"),
	// the key whose value identifies its items across the versions; "" matches them by
	// position.
	ItemKey func(path string) string
	// Removable reports whether an item or key at path that the new version no longer has
	// may be removed from the file; otherwise Merge refuses with a *RemovedError.
	Removable func(path string) bool
	// Fixed names keys (by name, at any depth) whose values Merge never changes.
	Fixed []string
}

// Kind says what an edit did.
type Kind int

// The kinds of edit.
const (
	Changed Kind = iota // a value was rewritten
	Added               // an item or key was inserted
	Removed             // an item or key was removed
)

// Edit is one change Merge made.
type Edit struct {
	Kind     Kind
	Path     string // rounds[number=3].days[0].sessions[1].start
	Old, New string // the values (Changed), in the file's and the new version's words
	// Ours is set when the file's value differed from the old version too (a correction
	// of ours, replaced by the new version's value).
	Ours bool
}

// Result is the merged file.
type Result struct {
	Text  []byte
	Edits []Edit
	// Line maps a line of the original file to its line in Text (0: removed).
	Line func(old int) int
}

// RemovedError says that the new version lacks an item or key that may not be removed.
type RemovedError struct {
	Path string
	Line int // in the file
}

func (e *RemovedError) Error() string {
	return fmt.Sprintf("line %d: %s is not in the new version", e.Line, e.Path)
}

// Merge returns mine with the differences between base and theirs carried into it. A value
// that base and theirs agree on is never touched, even when mine says something else.
func Merge(mine, base, theirs []byte, opt Options) (*Result, error) {
	var m, b, t yaml.Node
	for _, d := range []struct {
		name string
		src  []byte
		n    *yaml.Node
	}{{"the file", mine, &m}, {"the old version", base, &b}, {"the new version", theirs, &t}} {
		if err := yaml.Unmarshal(d.src, d.n); err != nil {
			return nil, fmt.Errorf("reading %s: %w", d.name, err)
		}
	}
	mg := &merger{opt: opt, mine: newSource(mine), theirs: newSource(theirs)}
	if len(m.Content) == 1 && len(t.Content) == 1 {
		var bn *yaml.Node
		if len(b.Content) == 1 {
			bn = b.Content[0]
		}
		if err := mg.node("", m.Content[0], bn, t.Content[0], false); err != nil {
			return nil, err
		}
	}
	text, line := mg.mine.apply(mg.patches)
	return &Result{Text: text, Edits: mg.edits, Line: line}, nil
}

type merger struct {
	opt          Options
	mine, theirs *source
	patches      []patch
	edits        []Edit
}

func (mg *merger) fixed(key string) bool {
	for _, k := range mg.opt.Fixed {
		if k == key {
			return true
		}
	}
	return false
}

// node merges the node t of the new version (b of the old, perhaps nil) into m of the file.
func (mg *merger) node(path string, m, b, t *yaml.Node, inFlow bool) error {
	if b == nil {
		b = m // only two versions: the new one wins where it differs
	}
	if equal(b, t) {
		return nil
	}
	if m.Kind != t.Kind || m.Kind == yaml.ScalarNode || (m.Kind == yaml.SequenceNode && (m.Style&yaml.FlowStyle != 0 || !mappings(m) || !mappings(t))) {
		if equal(m, t) {
			return nil
		}
		return mg.replace(path, m, b, t, inFlow)
	}
	flow := inFlow || m.Style&yaml.FlowStyle != 0
	if m.Kind == yaml.MappingNode {
		return mg.mapping(path, m, b, t, flow)
	}
	return mg.sequence(path, m, b, t, flow)
}

// replace writes t's value over m's.
func (mg *merger) replace(path string, m, b, t *yaml.Node, inFlow bool) error {
	start, end := mg.mine.span(m, inFlow)
	var text string
	switch {
	case m.Kind == yaml.ScalarNode && t.Kind == yaml.ScalarNode:
		text = scalarLike(m, t)
		if m.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.FoldedStyle|yaml.LiteralStyle) == 0 && t.Style == 0 {
			ts, te := mg.theirs.span(t, inFlow)
			text = string(mg.theirs.src[ts:te]) // as the new version wrote it, valid where it stands
		}
		if m.Style&(yaml.FoldedStyle|yaml.LiteralStyle) != 0 && !inFlow {
			v := t.Value
			if strings.Contains(v, "\n") || v != strings.TrimSpace(v) || v == "" {
				return fmt.Errorf("line %d: %s changed to a text of several lines, which cannot be written in place; edit it by hand", m.Line, path)
			}
			header := mg.mine.src[start:mg.mine.lineEnd(m.Line)]
			header = bytes.TrimRight(header, "\r\n")
			if i := bytes.Index(header, []byte(" #")); i >= 0 {
				header = header[:i]
			}
			text = string(header) + "\n" + strings.Repeat(" ", mg.mine.indent(m.Line+1)) + v
		}
	default:
		ts, te := mg.theirs.span(t, inFlow)
		text = string(mg.theirs.src[ts:te])
		if strings.Contains(text, "\n") {
			return fmt.Errorf("line %d: %s changed in a way that cannot be written in place; edit it by hand", m.Line, path)
		}
	}
	mg.patches = append(mg.patches, patch{start, end, text})
	mg.edits = append(mg.edits, Edit{Kind: Changed, Path: path, Old: value(m), New: value(t), Ours: !equal(m, b)})
	return nil
}

func (mg *merger) mapping(path string, m, b, t *yaml.Node, flow bool) error {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	for i := 0; i+1 < len(t.Content); i += 2 {
		key := t.Content[i].Value
		if mg.fixed(key) {
			continue
		}
		tv := t.Content[i+1]
		_, mv := get(m, key)
		_, bv := get(b, key)
		if b == m {
			bv = mv
		}
		switch {
		case mv != nil:
			if err := mg.node(join(key), mv, bv, tv, flow); err != nil {
				return err
			}
		case bv == nil: // new in the notice: insert it
			if err := mg.addKey(join(key), m, t.Content[i], tv, flow); err != nil {
				return err
			}
		}
	}
	if b == m {
		return nil
	}
	for i := 0; i+1 < len(b.Content); i += 2 {
		key := b.Content[i].Value
		if mg.fixed(key) {
			continue
		}
		if _, tv := get(t, key); tv != nil {
			continue
		}
		mk, mv := get(m, key)
		if mv == nil {
			continue
		}
		if err := mg.remove(join(key), m, mk, mv, flow); err != nil {
			return err
		}
	}
	return nil
}

func (mg *merger) sequence(path string, m, b, t *yaml.Node, flow bool) error {
	key := ""
	if mg.opt.ItemKey != nil {
		key = mg.opt.ItemKey(path)
	}
	id := func(n *yaml.Node, i int) string {
		if key == "" {
			return fmt.Sprintf("%d", i)
		}
		_, v := get(n, key)
		if v == nil {
			return fmt.Sprintf("#%d", i)
		}
		return key + "=" + v.Value
	}
	index := func(s *yaml.Node) map[string]*yaml.Node {
		out := map[string]*yaml.Node{}
		for i, n := range s.Content {
			out[id(n, i)] = n
		}
		return out
	}
	mi, bi := index(m), index(b)
	if b == m {
		bi = mi
	}
	for i, tn := range t.Content {
		k := id(tn, i)
		p := path + "[" + k + "]"
		switch mn, bn := mi[k], bi[k]; {
		case mn != nil:
			if b == m {
				bn = mn
			}
			if err := mg.node(p, mn, bn, tn, flow); err != nil {
				return err
			}
		case bn == nil:
			if err := mg.addItem(p, m, t, i); err != nil {
				return err
			}
		}
	}
	if b == m {
		return nil
	}
	ti := index(t)
	for i, bn := range b.Content {
		k := id(bn, i)
		if ti[k] != nil {
			continue
		}
		mn := mi[k]
		if mn == nil {
			continue
		}
		p := path + "[" + k + "]"
		if mg.opt.Removable == nil || !mg.opt.Removable(p) || flow {
			return &RemovedError{Path: p, Line: mn.Line}
		}
		start, end := mg.mine.itemLines(m, mn)
		mg.patches = append(mg.patches, patch{start, end, ""})
		mg.edits = append(mg.edits, Edit{Kind: Removed, Path: p, Old: value(mn)})
	}
	return nil
}

// addItem inserts the i-th item of the new version's sequence t after the last item of m.
func (mg *merger) addItem(path string, m, t *yaml.Node, i int) error {
	if len(m.Content) == 0 || m.Style&yaml.FlowStyle != 0 {
		return fmt.Errorf("line %d: %s is new, and cannot be added in place; edit it by hand", m.Line, path)
	}
	// The item's lines in the new version, from the line after the previous item (blank
	// lines between items come along) to its last line.
	from := t.Content[i].Line
	if i > 0 {
		_, prevEnd := mg.theirs.itemLines(t, t.Content[i-1])
		from = mg.theirs.lineOf(prevEnd)
	}
	_, end := mg.theirs.itemLines(t, t.Content[i])
	text := string(mg.theirs.src[mg.theirs.lineStart(from):end])
	shift := mg.mine.dashColumn(m.Content[0]) - mg.theirs.dashColumn(t.Content[i])
	text = reindent(text, shift)
	_, at := mg.mine.itemLines(m, m.Content[len(m.Content)-1])
	mg.patches = append(mg.patches, patch{at, at, text})
	mg.edits = append(mg.edits, Edit{Kind: Added, Path: path, New: value(t.Content[i])})
	return nil
}

// addKey inserts key: value of the new version into the mapping m.
func (mg *merger) addKey(path string, m, tk, tv *yaml.Node, flow bool) error {
	if len(m.Content) == 0 {
		return fmt.Errorf("line %d: %s is new, and cannot be added in place; edit it by hand", m.Line, path)
	}
	if flow {
		ks, _ := mg.theirs.span(tk, true)
		_, ve := mg.theirs.span(tv, true)
		_, end := mg.mine.span(m.Content[len(m.Content)-1], true)
		mg.patches = append(mg.patches, patch{end, end, ", " + string(mg.theirs.src[ks:ve])})
	} else {
		from := mg.theirs.lineStart(tk.Line)
		_, end := mg.theirs.blockEnd(tk, tv)
		text := reindent(string(mg.theirs.src[from:end]), m.Content[0].Column-tk.Column)
		_, at := mg.mine.blockEnd(m.Content[len(m.Content)-2], m.Content[len(m.Content)-1])
		mg.patches = append(mg.patches, patch{at, at, text})
	}
	mg.edits = append(mg.edits, Edit{Kind: Added, Path: path, New: value(tv)})
	return nil
}

// remove removes key: value from the block mapping m.
func (mg *merger) remove(path string, m, mk, mv *yaml.Node, flow bool) error {
	if flow || mg.opt.Removable == nil || !mg.opt.Removable(path) {
		return &RemovedError{Path: path, Line: mk.Line}
	}
	start, end := mg.mine.blockEnd(mk, mv)
	mg.patches = append(mg.patches, patch{start, end, ""})
	mg.edits = append(mg.edits, Edit{Kind: Removed, Path: path, Old: value(mv)})
	return nil
}

// Set sets key to raw (a YAML scalar as it is to be written) in the mapping that path
// leads to: a list of steps, each a key ("rounds"), an item of a sequence by the value of
// one of its keys ("id=2024h2-7") or by its place ("[1]"). An absent key is inserted after
// the key after (or the last).
func Set(src []byte, path []string, key, raw, after string) ([]byte, error) {
	s, n, err := find(src, path)
	if err != nil {
		return nil, err
	}
	flow := n.Style&yaml.FlowStyle != 0
	if _, v := get(n, key); v != nil {
		if v.Kind == yaml.ScalarNode && v.Value == raw {
			return src, nil
		}
		start, end := s.span(v, flow)
		text, _ := s.apply([]patch{{start, end, raw}})
		return text, nil
	}
	ak, av := get(n, after)
	if ak == nil {
		ak, av = n.Content[len(n.Content)-2], n.Content[len(n.Content)-1]
	}
	var p patch
	if flow {
		_, end := s.span(av, true)
		p = patch{end, end, ", " + key + ": " + raw}
	} else {
		_, end := s.blockEnd(ak, av)
		p = patch{end, end, strings.Repeat(" ", ak.Column-1) + key + ": " + raw + "\n"}
	}
	text, _ := s.apply([]patch{p})
	return text, nil
}

// Remove removes key from the mapping that path leads to (as for Set); a key that is not
// there is no error.
func Remove(src []byte, path []string, key string) ([]byte, error) {
	s, n, err := find(src, path)
	if err != nil {
		return nil, err
	}
	k, v := get(n, key)
	if k == nil {
		return src, nil
	}
	var p patch
	if n.Style&yaml.FlowStyle != 0 {
		// From the end of the value before it (its comma with it) to the end of its value.
		i := slices.Index(n.Content, k)
		if i == 0 {
			return nil, fmt.Errorf("%s is the first key of %s; remove it by hand", key, strings.Join(path, " "))
		}
		_, from := s.span(n.Content[i-1], true)
		_, to := s.span(v, true)
		p = patch{from, to, ""}
	} else {
		from, to := s.blockEnd(k, v)
		p = patch{from, to, ""}
	}
	text, _ := s.apply([]patch{p})
	return text, nil
}

// find is the mapping that path leads to in src.
func find(src []byte, path []string) (*source, *yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, nil, err
	}
	if len(doc.Content) != 1 {
		return nil, nil, fmt.Errorf("the file is empty")
	}
	n := doc.Content[0]
	for _, step := range path {
		var next *yaml.Node
		k, v, byKey := strings.Cut(step, "=")
		switch {
		case n.Kind == yaml.SequenceNode && byKey:
			for _, item := range n.Content {
				if _, iv := get(item, k); iv != nil && iv.Value == v {
					next = item
				}
			}
		case n.Kind == yaml.SequenceNode && strings.HasPrefix(step, "[") && strings.HasSuffix(step, "]"):
			if i, err := strconv.Atoi(step[1 : len(step)-1]); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		default:
			_, next = get(n, step)
		}
		if next == nil {
			return nil, nil, fmt.Errorf("%s is not in the file", strings.Join(path, " "))
		}
		n = next
	}
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return nil, nil, fmt.Errorf("%s is not a mapping", strings.Join(path, " "))
	}
	return newSource(src), n, nil
}

// Plain is s as a YAML scalar: plain when YAML reads it back as the text s in a block
// mapping and inside a flow collection, else double-quoted.
func Plain(s string) string {
	if s != "" && s == strings.TrimSpace(s) && !strings.ContainsAny(s, "\n\t\"'") && plainReadsAs(s) {
		return s
	}
	return doubleQuoted(s)
}

func plainReadsAs(s string) bool {
	for _, doc := range []string{"k: " + s + "\n", "k: [" + s + "]\n"} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil || len(n.Content) != 1 {
			return false
		}
		v := n.Content[0].Content[1]
		if v.Kind == yaml.SequenceNode {
			if len(v.Content) != 1 {
				return false
			}
			v = v.Content[0]
		}
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" || v.Value != s || v.Style != 0 {
			return false
		}
	}
	return true
}

func doubleQuoted(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// scalarLike writes t's value in m's style: quoted as m was quoted, plain as t was written
// when m was plain, folded when m was a block scalar and the value is one line.
func scalarLike(m, t *yaml.Node) string {
	v := t.Value
	switch {
	case m.Style&yaml.DoubleQuotedStyle != 0:
		return doubleQuoted(v)
	case m.Style&yaml.SingleQuotedStyle != 0:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case t.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return doubleQuoted(v)
	}
	return Plain(v)
}

// get returns the key and value nodes of key in mapping m.
func get(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func mappings(s *yaml.Node) bool {
	for _, n := range s.Content {
		if n.Kind != yaml.MappingNode {
			return false
		}
	}
	return true
}

// equal compares two nodes by value: kinds, scalars' text, keys, items.
func equal(a, b *yaml.Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || len(a.Content) != len(b.Content) {
		return false
	}
	if a.Kind == yaml.ScalarNode {
		return a.Value == b.Value
	}
	if a.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(a.Content); i += 2 {
			_, bv := get(b, a.Content[i].Value)
			if !equal(a.Content[i+1], bv) {
				return false
			}
		}
		return true
	}
	for i := range a.Content {
		if !equal(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

// value is n in words for an edit: a scalar's text, a list of scalars as 初级、中级.
func value(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			out = append(out, value(c))
		}
		return strings.Join(out, "、")
	case yaml.MappingNode:
		var out []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, n.Content[i].Value+": "+value(n.Content[i+1]))
		}
		return "{" + strings.Join(out, ", ") + "}"
	}
	return ""
}

// reindent shifts every non-blank line of text by shift columns.
func reindent(text string, shift int) string {
	if shift == 0 {
		return text
	}
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if shift > 0 {
			lines[i] = strings.Repeat(" ", shift) + l
		} else {
			trim := min(-shift, len(l)-len(strings.TrimLeft(l, " ")))
			lines[i] = l[trim:]
		}
	}
	return strings.Join(lines, "")
}

// patch replaces src[start:end] with text.
type patch struct {
	start, end int
	text       string
}

// source is a file's bytes with the offsets of its lines.
type source struct {
	src   []byte
	lines []int // offset of each line's start
}

func newSource(src []byte) *source {
	s := &source{src: src, lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// lineStart is the offset of line (1-based).
func (s *source) lineStart(line int) int {
	if line-1 >= len(s.lines) {
		return len(s.src)
	}
	return s.lines[line-1]
}

// lineEnd is the offset after line's newline.
func (s *source) lineEnd(line int) int { return s.lineStart(line + 1) }

// lineOf is the line an offset is on; an offset at a line's start is that line.
func (s *source) lineOf(off int) int {
	return sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
}

// offset is the byte offset of a node's line and (rune) column.
func (s *source) offset(line, col int) int {
	o := s.lineStart(line)
	for c := 1; c < col && o < len(s.src) && s.src[o] != '\n'; c++ {
		_, size := utf8.DecodeRune(s.src[o:])
		o += size
	}
	return o
}

// dashColumn is the offset within its line of the "- " of the block sequence item n.
func (s *source) dashColumn(n *yaml.Node) int {
	o := s.offset(n.Line, n.Column)
	start := s.lineStart(n.Line)
	line := s.src[start:o]
	if i := bytes.LastIndexByte(line, '-'); i >= 0 {
		return i
	}
	return len(line)
}

// span is the extent of node n's text: a scalar (plain, quoted or a block scalar) or a flow
// collection.
func (s *source) span(n *yaml.Node, inFlow bool) (int, int) {
	start := s.offset(n.Line, n.Column)
	src := s.src
	i := start
	if i >= len(src) {
		return start, start
	}
	switch c := src[i]; {
	case c == '"':
		for i++; i < len(src); i++ {
			if src[i] == '\\' {
				i++
			} else if src[i] == '"' {
				return start, i + 1
			}
		}
	case c == '\'':
		for i++; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return start, i + 1
			}
		}
	case c == '[' || c == '{':
		depth := 0
		for ; i < len(src); i++ {
			switch src[i] {
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return start, i + 1
				}
			case '"', '\'':
				q := src[i]
				for i++; i < len(src) && src[i] != q; i++ {
					if q == '"' && src[i] == '\\' {
						i++
					}
				}
			}
		}
	case (c == '|' || c == '>') && !inFlow:
		// The header's line, then every line blank or indented more than the key (whose
		// column is where the block's content is indented from).
		line := s.lineOf(start)
		keyIndent := s.indent(line)
		end := s.lineEnd(line) - 1
		for l := line + 1; l <= len(s.lines); l++ {
			text := s.src[s.lineStart(l):max(s.lineStart(l), s.lineEnd(l)-1)]
			if len(bytes.TrimSpace(text)) == 0 {
				continue
			}
			if s.indent(l) <= keyIndent {
				break
			}
			end = s.lineStart(l) + len(text)
		}
		return start, end
	default:
		for ; i < len(src) && src[i] != '\n'; i++ {
			if inFlow && (src[i] == ',' || src[i] == ']' || src[i] == '}') {
				break
			}
			if src[i] == '#' && i > start && (src[i-1] == ' ' || src[i-1] == '\t') {
				break
			}
		}
		return start, start + len(bytes.TrimRight(src[start:i], " \t\r"))
	}
	return start, len(src)
}

// indent is the number of spaces that begin line.
func (s *source) indent(line int) int {
	b := s.src[s.lineStart(line):s.lineEnd(line)]
	return len(b) - len(bytes.TrimLeft(b, " "))
}

// lastLine is the last line of n's text.
func (s *source) lastLine(n *yaml.Node, inFlow bool) int {
	switch n.Kind {
	case yaml.ScalarNode:
		_, end := s.span(n, inFlow)
		return s.lineOf(max(end-1, 0))
	case yaml.MappingNode, yaml.SequenceNode:
		if n.Style&yaml.FlowStyle != 0 {
			_, end := s.span(n, inFlow)
			return s.lineOf(max(end-1, 0))
		}
		last := n.Line
		for _, c := range n.Content {
			last = max(last, s.lastLine(c, false))
		}
		return last
	}
	return n.Line
}

// blockEnd is the extent of key: value in a block mapping, as whole lines: from the key's
// line to the end of the value's last line.
func (s *source) blockEnd(k, v *yaml.Node) (int, int) {
	return s.lineStart(k.Line), s.lineEnd(s.lastLine(v, false))
}

// itemLines is the extent of item of the block sequence seq, as whole lines, with the
// blank lines before it when it is not the first.
func (s *source) itemLines(seq, item *yaml.Node) (int, int) {
	start := s.lineStart(item.Line)
	for i, c := range seq.Content {
		if c == item && i > 0 {
			start = s.lineEnd(s.lastLine(seq.Content[i-1], false))
		}
	}
	return start, s.lineEnd(s.lastLine(item, false))
}

// apply returns src with the patches made, and the map of its lines to the new ones.
func (s *source) apply(ps []patch) ([]byte, func(int) int) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].start < ps[j].start })
	var out bytes.Buffer
	at := 0
	var made []patch
	for _, p := range ps {
		if p.start < at {
			continue // overlapping: the first wins
		}
		out.Write(s.src[at:p.start])
		out.WriteString(p.text)
		made = append(made, p)
		at = p.end
	}
	out.Write(s.src[at:])
	return out.Bytes(), func(old int) int {
		lo, hi := s.lineStart(old), s.lineEnd(old)
		n := old
		for _, p := range made {
			switch {
			case lo >= p.end:
				n += strings.Count(p.text, "\n") - bytes.Count(s.src[p.start:p.end], []byte("\n"))
			case lo >= p.start && hi <= p.end:
				return 0
			}
		}
		return n
	}
}
