// Package docx reads the text of a Word document (.docx) as Word copies it out: a paragraph a
// line (a line break inside it starts a new line), a table row a line of tab-separated cells,
// a cell merged with the one above it (w:vMerge) empty, a cell spanning columns (w:gridSpan)
// followed by empty cells for the columns it spans, a cell's paragraphs and line breaks joined
// with a space, a word split over several runs whole, tracked deletions and hidden text
// (w:vanish) left out, Word's non-breaking hyphen as the hyphen it shows, a paragraph that
// Word numbers itself (a heading's 一、 from word/numbering.xml) with its label. Each line
// keeps where it came from in the document (paragraph N, table T row R cell C), for
// messages. A document saved as Strict Open XML is read the same way.
//
// It reads only word/document.xml and word/numbering.xml, within bounds: a file that is not a
// zip archive, a package with two parts of one of those names (Word reads part names
// regardless of case), a part that unpacks to more than maxPart bytes (a zip bomb), XML with
// a document type declaration (where entity bombs live; Word never writes one) or nested
// deeper than maxDepth is refused.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxPart bounds the unpacked word/document.xml: a notice's is some hundreds of kilobytes.
const maxPart = 16 << 20

// maxDepth bounds the nesting of XML elements; Word's documents stay under 30.
const maxDepth = 200

// mainPart is the document's body in the package; numberingPart the definitions of its
// automatic numbering (lists, and headings numbered by Word: 一、二、…).
const (
	mainPart      = "word/document.xml"
	numberingPart = "word/numbering.xml"
)

// wordML and strictML are the namespaces of WordprocessingML's elements, as Word writes them
// by default and in a document saved as Strict Open XML; the elements are the same.
const (
	wordML   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	strictML = "http://purl.oclc.org/ooxml/wordprocessingml/main"
)

// Document is the text of a .docx and the place of each of its lines.
type Document struct {
	lines []line
}

// line is a line of the text and where it is in the document.
type line struct {
	text  string
	where string // paragraph 12, or table 1, row 3
	cells []int  // for a table row: the document's cell (1-based) of each tab-separated column
}

// Text is the document's text, a line per paragraph or table row, each ended by \n.
func (d *Document) Text() string {
	var b strings.Builder
	for _, l := range d.lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// Where says where the text's line (1-based) is in the document, and its cell when cell (the
// 1-based column of the line's tab-separated cells) is not 0: "table 1, row 6, cell 2".
func (d *Document) Where(lineNo, cell int) string {
	if lineNo < 1 || lineNo > len(d.lines) {
		return "the end of the document"
	}
	l := d.lines[lineNo-1]
	if cell > 0 && cell <= len(l.cells) {
		return fmt.Sprintf("%s, cell %d", l.where, l.cells[cell-1])
	}
	return l.where
}

// Read reads the .docx b.
func Read(b []byte) (*Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("not a zip archive, which every .docx is (%v); save the notice again from Word as .docx (Word 文档), not .doc or .wps", err)
	}
	// The parts read, by name; Word reads part names regardless of case.
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		for _, name := range []string{mainPart, numberingPart} {
			if !strings.EqualFold(f.Name, name) {
				continue
			}
			if first := parts[name]; first != nil {
				return nil, fmt.Errorf("the package holds %s twice (%s and %s), which Word never writes: which one Word shows is not certain, so neither is read; open the notice in Word and save it again as .docx", name, first.Name, f.Name)
			}
			parts[name] = f
		}
	}
	part, numFile := parts[mainPart], parts[numberingPart]
	if part == nil {
		return nil, fmt.Errorf("a zip archive without %s: not a Word document; save the notice from Word as .docx", mainPart)
	}
	xmlBytes, err := readPart(part)
	if err != nil {
		return nil, err
	}
	var num numbering
	if numFile != nil {
		b, err := readPart(numFile)
		if err != nil {
			return nil, err
		}
		if num, err = readNumbering(b); err != nil {
			return nil, err
		}
	}
	return parse(xmlBytes, num)
}

// readPart unpacks the part f, within maxPart bytes.
func readPart(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxPart {
		return nil, fmt.Errorf("%s unpacks to %d bytes, more than %d (a zip bomb, or not a notice); refused", f.Name, f.UncompressedSize64, maxPart)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w; save the notice from Word as .docx again", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
		return nil, fmt.Errorf("%s unpacks to other bytes than its zip header says (a zip bomb, or a damaged file); refused: save the notice from Word as .docx again", f.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("unpacking %s: %w; save the notice from Word as .docx again", f.Name, err)
	}
	if len(b) > maxPart {
		return nil, fmt.Errorf("%s unpacks to more than %d bytes, more than its zip header says (a zip bomb); refused", f.Name, maxPart)
	}
	return b, nil
}

// reader is the state of reading document.xml.
type reader struct {
	doc        Document
	paragraphs int
	tables     int
	// the tables being read, innermost last
	stack []*table
	para  *strings.Builder // the body paragraph being read, nil outside one
	inT   bool             // inside w:t
	gone  int              // depth inside tracked deletions (w:del, w:moveFrom), whose text is not the document's
	run   bool             // inside a run (w:r), whose properties may hide it
	// hidden: the run being read is hidden text (w:vanish in its w:rPr), which Word does not
	// show (nor print, by default)
	hidden bool
	// automatic numbering: the definitions, each instance's counters, and the numbering of
	// the paragraph being read (w:numPr in its w:pPr, not in a tracked change of it)
	num      numbering
	counts   map[string]*[9]int
	pPr      int // depth inside w:pPr
	pPrOld   bool
	numID    string
	numLevel int
}

// table is a table being read: its number, its row, the row's cells.
type table struct {
	number, row int
	cells       []cell
}

type cell struct {
	text   strings.Builder
	span   int
	merged bool // continues the cell above (w:vMerge without restart)
}

func parse(b []byte, num numbering) (*Document, error) {
	r := &reader{num: num, counts: map[string]*[9]int{}}
	err := walk(b, mainPart, func(e xml.StartElement) { r.start(e) }, r.end, func(text string) {
		if r.inT {
			r.write(text)
		}
	})
	if err != nil {
		return nil, err
	}
	if len(r.doc.lines) == 0 {
		return nil, fmt.Errorf("%s holds no paragraph and no table: an empty document", mainPart)
	}
	return &r.doc, nil
}

// walk reads the XML part b (named name, for messages) and calls start, end and chars for
// the WordprocessingML elements and for all text, refusing a document type declaration
// (where entity bombs live) and nesting deeper than maxDepth.
func walk(b []byte, name string, start func(xml.StartElement), end func(local string), chars func(string)) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s is not well-formed XML (%v); save the notice from Word as .docx again", name, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return fmt.Errorf("%s declares a document type (<!%s…>), which Word never writes and where XML entity bombs live; refused: save the notice from Word as .docx again", name, firstWord(t))
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return fmt.Errorf("%s nests elements deeper than %d; not a Word document's body, refused", name, maxDepth)
			}
			if t.Name.Space == wordML || t.Name.Space == strictML {
				start(t)
			}
		case xml.EndElement:
			depth--
			if t.Name.Space == wordML || t.Name.Space == strictML {
				end(t.Name.Local)
			}
		case xml.CharData:
			chars(string(t))
		}
	}
}

func firstWord(d xml.Directive) string {
	s := strings.Fields(string(d))
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// cur is the cell being read, or nil outside tables.
func (r *reader) cur() *cell {
	if len(r.stack) == 0 {
		return nil
	}
	t := r.stack[0] // the text of a table inside a cell joins the cell's
	if len(t.cells) == 0 {
		return nil
	}
	return &t.cells[len(t.cells)-1]
}

// write adds s to the cell or paragraph being read, unless it is text Word does not show.
func (r *reader) write(s string) {
	if r.gone > 0 || r.hidden {
		return
	}
	if c := r.cur(); c != nil {
		c.text.WriteString(s)
	} else if r.para != nil {
		r.para.WriteString(s)
	}
}

func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func (r *reader) start(e xml.StartElement) {
	switch e.Name.Local {
	case "tbl":
		if len(r.stack) == 0 {
			r.tables++
			r.stack = append(r.stack, &table{number: r.tables})
		} else {
			// A table inside a cell: its text joins the cell's.
			r.stack = append(r.stack, &table{number: -1})
		}
	case "tr":
		if len(r.stack) == 1 {
			t := r.stack[0]
			t.row++
			t.cells = nil
		}
	case "tc":
		if len(r.stack) == 1 {
			t := r.stack[0]
			t.cells = append(t.cells, cell{span: 1})
		}
	case "gridSpan":
		if c := r.cur(); c != nil && len(r.stack) == 1 {
			if v, ok := attr(e, "val"); ok {
				var n int
				if _, err := fmt.Sscanf(v, "%d", &n); err == nil && n > 1 && n < 64 {
					c.span = n
				}
			}
		}
	case "vMerge":
		if c := r.cur(); c != nil && len(r.stack) == 1 {
			v, _ := attr(e, "val")
			c.merged = v != "restart"
		}
	case "p":
		if c := r.cur(); c != nil {
			if c.text.Len() > 0 {
				c.text.WriteString(" ")
			}
		} else if r.para == nil {
			r.para = &strings.Builder{}
		}
	case "t":
		r.inT = true
	case "r":
		r.run, r.hidden = true, false
	case "vanish":
		if r.run { // in a paragraph's properties it hides only the paragraph mark
			v, _ := attr(e, "val")
			r.hidden = v != "0" && v != "false" && v != "off"
		}
	case "noBreakHyphen":
		r.write("-")
	case "pPr":
		r.pPr++
		if r.pPr == 1 {
			r.numID, r.numLevel = "", 0
		}
	case "pPrChange":
		r.pPrOld = true
	case "numId", "ilvl":
		if r.pPr == 1 && !r.pPrOld {
			v, _ := attr(e, "val")
			if e.Name.Local == "numId" {
				r.numID = v
			} else {
				r.numLevel, _ = strconv.Atoi(v)
			}
		}
	case "del", "moveFrom":
		r.gone++
	case "tab":
		if r.cur() != nil {
			r.write(" ")
		} else {
			r.write("\t")
		}
	case "br", "cr":
		if r.cur() != nil {
			r.write(" ")
		} else {
			r.write("\n")
		}
	}
}

func (r *reader) end(local string) {
	switch local {
	case "t":
		r.inT = false
	case "r":
		r.run, r.hidden = false, false
	case "pPrChange":
		r.pPrOld = false
	case "pPr":
		r.pPr--
		if r.pPr == 0 && r.numID != "" && r.numID != "0" {
			// The label Word shows before the paragraph's text (一、), as copying it gives.
			r.write(r.num.label(r.numID, r.numLevel, r.counts))
		}
	case "del", "moveFrom":
		r.gone--
	case "p":
		if r.cur() == nil && r.para != nil {
			r.paragraphs++
			for _, l := range strings.Split(r.para.String(), "\n") {
				r.doc.lines = append(r.doc.lines, line{text: l, where: fmt.Sprintf("paragraph %d", r.paragraphs)})
			}
			r.para = nil
		}
	case "tr":
		if len(r.stack) != 1 {
			return
		}
		t := r.stack[0]
		var cols []string
		var cells []int
		for i, c := range t.cells {
			text := strings.Join(strings.Fields(c.text.String()), " ")
			if c.merged {
				text = ""
			}
			cols = append(cols, text)
			cells = append(cells, i+1)
			for range c.span - 1 {
				cols = append(cols, "")
				cells = append(cells, i+1)
			}
		}
		r.doc.lines = append(r.doc.lines, line{text: strings.Join(cols, "\t"), where: fmt.Sprintf("table %d, row %d", t.number, t.row), cells: cells})
		t.cells = nil
	case "tbl":
		if len(r.stack) > 0 {
			r.stack = r.stack[:len(r.stack)-1]
		}
	}
}
