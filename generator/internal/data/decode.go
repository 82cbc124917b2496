package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// maxFileSize bounds one data file; the real ones are a few kilobytes.
const maxFileSize = 1 << 20

// Keys records where each key of a mapping was written, so that checks after decoding can
// point at the exact line of a field. A struct gets it through a field of this type.
type Keys struct {
	At   Pos            // the mapping itself
	keys map[string]Pos // each key's value
}

// Of returns the position of key's value, or of the mapping when the key was absent.
func (k Keys) Of(key string) Pos {
	if p, ok := k.keys[key]; ok {
		return p
	}
	return k.At
}

// scalarDecoder is implemented by types that read themselves from one YAML scalar.
type scalarDecoder interface {
	decodeScalar(n *yaml.Node) error
}

var (
	keysType = reflect.TypeFor[Keys]()
	posType  = reflect.TypeFor[Pos]()
)

// decoder turns one YAML document into Go values, strictly: every key must be known,
// every required key present, no key twice, every value of the expected kind.
type decoder struct {
	file string
	errs Problems
}

func (d *decoder) pos(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Col: n.Column} }

// decodeBytes decodes src, the contents of file, into v, a pointer to a struct.
func decodeBytes(file string, src []byte, v any) Problems {
	d := &decoder{file: file}
	if p, ok := precheck(file, src); !ok {
		return Problems{p}
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return Problems{{Pos: Pos{File: file, Line: 1}, Msg: "the file is empty; expected the mapping of keys described in its header comment"}}
		}
		return Problems{syntaxProblem(file, err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return Problems{{Pos: d.pos(&extra), Msg: "a second YAML document (after ---); expected one document per file"}}
	} else if !errors.Is(err, io.EOF) {
		return Problems{syntaxProblem(file, err)}
	}
	if len(doc.Content) == 0 {
		return Problems{{Pos: Pos{File: file, Line: 1}, Msg: "the file holds no data; expected a mapping of keys"}}
	}
	d.decode(doc.Content[0], reflect.ValueOf(v).Elem())
	return d.errs
}

// precheck refuses what the YAML parser reports badly or not at all: size, a byte-order
// mark, bytes that are not UTF-8, tabs used for indentation.
func precheck(file string, src []byte) (Problem, bool) {
	at := func(line, col int, msg string) (Problem, bool) {
		return Problem{Pos: Pos{File: file, Line: line, Col: col}, Msg: msg}, false
	}
	if len(src) > maxFileSize {
		return at(1, 0, fmt.Sprintf("the file is %d bytes; expected at most %d (a data file is a few kilobytes)", len(src), maxFileSize))
	}
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		return at(1, 1, "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
	}
	for i, line := range bytes.Split(src, []byte("\n")) {
		if !utf8.Valid(line) {
			col := 1
			for len(line) > 0 {
				r, size := utf8.DecodeRune(line)
				if r == utf8.RuneError && size <= 1 {
					break
				}
				line = line[size:]
				col++
			}
			return at(i+1, col, "bytes that are not UTF-8; save the file as UTF-8")
		}
		if indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]; bytes.IndexByte(indent, '\t') >= 0 {
			return at(i+1, bytes.IndexByte(indent, '\t')+1, "a tab in the indentation; indent with spaces")
		}
	}
	return Problem{}, true
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxProblem turns a yaml.v3 parse error into a Problem with the line it names.
func syntaxProblem(file string, err error) Problem {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Problem{Pos: Pos{File: file, Line: line}, Msg: "YAML syntax error: " + m[2] + "; check the indentation and quoting on this line or the one before"}
	}
	return Problem{Pos: Pos{File: file, Line: 1}, Msg: "YAML syntax error: " + strings.TrimPrefix(msg, "yaml: ")}
}

// describe names what a node holds, for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping (key: value lines)"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!null":
		return "nothing (an empty value)"
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	case "!!timestamp":
		return "the date " + n.Value
	}
	return fmt.Sprintf("the text %q", n.Value)
}

func (d *decoder) fail(n *yaml.Node, format string, args ...any) {
	d.errs.add(d.pos(n), format, args...)
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		d.fail(n, "anchors and aliases (& and *) are not supported; write the value out in full")
		return
	}
	if sd, ok := v.Addr().Interface().(scalarDecoder); ok {
		if n.Kind != yaml.ScalarNode {
			d.fail(n, "expected a single value, got %s", describe(n))
			return
		}
		if err := sd.decodeScalar(n); err != nil {
			d.fail(n, "%v", err)
			return
		}
		if v.Kind() != reflect.Struct {
			return
		}
		if f := v.FieldByName("Pos"); f.IsValid() && f.Type() == posType {
			f.Set(reflect.ValueOf(d.pos(n)))
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, "expected a list (lines starting with - or [a, b]), got %s", describe(n))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content)))
		for i, item := range n.Content {
			d.decode(item, v.Index(i))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
			d.fail(n, "expected text, got %s; put it in quotes if it is meant as text", describe(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			d.fail(n, "expected a whole number, got %s", describe(n))
			return
		}
		i, err := strconv.Atoi(n.Value)
		if err != nil {
			d.fail(n, "%s is out of range; expected a whole number", n.Value)
			return
		}
		v.SetInt(int64(i))
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.fail(n, "expected true or false, got %s", describe(n))
			return
		}
		v.SetBool(n.Value == "true")
	default:
		panic(fmt.Sprintf("data: no decoding for %s", v.Type()))
	}
}

type field struct {
	index    int
	name     string
	optional bool
}

// fieldsOf lists the YAML keys of a struct type from its `yaml:"name[,optional]"` tags.
func fieldsOf(t reflect.Type) []field {
	var fs []field
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		fs = append(fs, field{index: i, name: name, optional: opt == "optional"})
	}
	return fs
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, "expected a mapping (key: value lines), got %s", describe(n))
		return
	}
	fields := fieldsOf(v.Type())
	byName := map[string]field{}
	var names []string
	for _, f := range fields {
		byName[f.name] = f
		names = append(names, f.name)
	}
	keys := Keys{At: d.pos(n), keys: map[string]Pos{}}
	keyLine := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(k, "expected a plain key name, got %s", describe(k))
			continue
		}
		if line, dup := keyLine[k.Value]; dup {
			d.fail(k, "duplicate key %q (first written on line %d); keep one", k.Value, line)
			continue
		}
		keyLine[k.Value] = k.Line
		f, ok := byName[k.Value]
		if !ok {
			d.fail(k, "unknown key %q; expected one of: %s", k.Value, strings.Join(names, ", "))
			continue
		}
		keys.keys[k.Value] = d.pos(val)
		if val.ShortTag() == "!!null" && val.Kind == yaml.ScalarNode && f.optional {
			continue
		}
		d.decode(val, v.Field(f.index))
		if v.Field(f.index).Kind() == reflect.String && v.Field(f.index).String() == "" && !f.optional && val.ShortTag() == "!!str" {
			d.fail(val, "%s is empty; expected text", k.Value)
		}
	}
	var missing []string
	for _, f := range fields {
		if _, ok := keyLine[f.name]; !ok && !f.optional {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		d.fail(n, "missing required key %s; add it to this mapping", strings.Join(quoteAll(missing), ", "))
	}
	for i := range v.NumField() {
		switch v.Field(i).Type() {
		case keysType:
			v.Field(i).Set(reflect.ValueOf(keys))
		}
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}
