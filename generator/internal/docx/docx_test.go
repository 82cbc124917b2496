package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"os"
	"strings"
	"testing"
)

// docxOf is a .docx (a zip archive) holding the part word/document.xml.
func docxOf(t *testing.T, documentXML []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.Create(mainPart)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(documentXML); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// packageOf is a zip archive of the parts named, each followed by its text, in order.
func packageOf(t *testing.T, nameText ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i := 0; i+1 < len(nameText); i += 2 {
		f, err := w.Create(nameText[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(nameText[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// What Word shows is read, no more and no less: hidden text (w:vanish on a run) is left out,
// wherever it is, while a hidden paragraph mark hides nothing of the text; Word's
// non-breaking hyphen is the hyphen it shows; a document saved as Strict Open XML reads as
// one saved as Word's default.
func TestWordShows(t *testing.T) {
	doc := func(ns, body string) []byte {
		return []byte(`<w:document xmlns:w="` + ns + `"><w:body>` + body + `</w:body></w:document>`)
	}
	for _, tc := range []struct{ name, ns, body, want string }{
		{"hidden run", wordML, `<w:p><w:r><w:t>初级、中级</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>、高级</w:t><w:tab/></w:r></w:p>`, "初级、中级\n"},
		{"hidden run in a cell", wordML, `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>初级</w:t></w:r><w:r><w:rPr><w:b/><w:vanish w:val="true"/></w:rPr><w:t>、高级</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`, "初级\tx\n"},
		{"vanish turned off", wordML, `<w:p><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>shown</w:t></w:r></w:p>`, "shown\n"},
		{"hidden paragraph mark", wordML, `<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>shown</w:t></w:r></w:p>`, "shown\n"},
		{"the run after a hidden one", wordML, `<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>gone</w:t></w:r><w:r><w:t>shown</w:t></w:r></w:p>`, "shown\n"},
		{"non-breaking hyphen", wordML, `<w:p><w:r><w:t>09:00</w:t><w:noBreakHyphen/><w:t>10:00</w:t></w:r></w:p>`, "09:00-10:00\n"},
		{"tab of a deleted run", wordML, `<w:p><w:r><w:t>a</w:t></w:r><w:del><w:r><w:tab/><w:delText>b</w:delText></w:r></w:del></w:p>`, "a\n"},
		{"strict", strictML, `<w:p><w:r><w:t>第三次统考</w:t></w:r></w:p>`, "第三次统考\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read(docxOf(t, doc(tc.ns, tc.body)))
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Text(); got != tc.want {
				t.Errorf("read %q, want %q", got, tc.want)
			}
		})
	}
}

// TestText reads testdata/merged.xml (paragraphs of split runs, a line break, tabs, a table
// with a spanned cell, vertically merged cells, a line break and two paragraphs in a cell, a
// table inside a cell, a tracked deletion and insertion) as the text written by hand in
// testdata/merged.txt, and says where each line is.
func TestText(t *testing.T) {
	x, err := os.ReadFile("testdata/merged.xml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/merged.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read(docxOf(t, x))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Text(); got != string(want) {
		t.Errorf("the text:\n%q\nwant (testdata/merged.txt):\n%q", got, want)
	}
	for _, tc := range []struct {
		line, cell int
		want       string
	}{
		{1, 0, "paragraph 1"},
		{3, 0, "paragraph 3"},
		{4, 0, "paragraph 3"}, // the line break's second line
		{5, 0, "paragraph 4"},
		{6, 2, "table 1, row 1, cell 1"}, // the column a spanned cell covers
		{8, 3, "table 1, row 3, cell 3"},
		{11, 0, "paragraph 5"},
		{99, 0, "the end of the document"},
	} {
		if got := doc.Where(tc.line, tc.cell); got != tc.want {
			t.Errorf("Where(%d, %d) = %q; want %q", tc.line, tc.cell, got, tc.want)
		}
	}
}

// TestRefused: what is not a Word document's body is refused with its reason.
func TestRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		file func(t *testing.T) []byte
		want string
	}{
		{"not a zip", func(*testing.T) []byte { return []byte("hello") }, "not a zip archive"},
		{"no document", func(t *testing.T) []byte {
			var b bytes.Buffer
			w := zip.NewWriter(&b)
			if _, err := w.Create("x.txt"); err != nil {
				t.Fatal(err)
			}
			w.Close()
			return b.Bytes()
		}, "without word/document.xml"},
		{"zip bomb", func(t *testing.T) []byte { return docxOf(t, bytes.Repeat([]byte(" "), maxPart+1)) }, "zip bomb"},
		{"entity bomb", func(t *testing.T) []byte {
			return docxOf(t, []byte(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>`))
		}, "entity bombs"},
		{"deep", func(t *testing.T) []byte {
			return docxOf(t, []byte(strings.Repeat("<a>", maxDepth+1)+strings.Repeat("</a>", maxDepth+1)))
		}, "deeper than"},
		{"not XML", func(t *testing.T) []byte { return docxOf(t, []byte("<w:document><w:body>")) }, "not well-formed"},
		{"two documents", func(t *testing.T) []byte { return packageOf(t, mainPart, "<a/>", mainPart, "<b/>") }, "holds word/document.xml twice"},
		{"two documents, other case", func(t *testing.T) []byte { return packageOf(t, mainPart, "<a/>", "Word/Document.xml", "<b/>") }, "(word/document.xml and Word/Document.xml)"},
		{"empty body", func(t *testing.T) []byte {
			return docxOf(t, []byte(`<w:document xmlns:w="`+wordML+`"><w:body></w:body></w:document>`))
		}, "an empty document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(tc.file(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v; want an error saying %q", err, tc.want)
			}
		})
	}
}

// TestLyingHeader: a part whose zip header claims a few bytes but unpacks to more than
// maxPart is refused as it is read.
func TestLyingHeader(t *testing.T) {
	var packed bytes.Buffer
	fw, err := flate.NewWriter(&packed, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(bytes.Repeat([]byte(" "), maxPart+1024)); err != nil {
		t.Fatal(err)
	}
	fw.Close()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.CreateRaw(&zip.FileHeader{Name: mainPart, Method: zip.Deflate, CompressedSize64: uint64(packed.Len()), UncompressedSize64: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(packed.Bytes()); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := Read(b.Bytes()); err == nil || !strings.Contains(err.Error(), "than its zip header says (a zip bomb") {
		t.Errorf("got %v; want the part refused as a zip bomb", err)
	}
}

// FuzzRead: any bytes are read or refused with an error, never a panic, and what is read
// has a place for each of its lines.
func FuzzRead(f *testing.F) {
	x, err := os.ReadFile("testdata/merged.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(x)
	f.Add([]byte(`<w:document xmlns:w="` + wordML + `"><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999999999"/><w:vMerge/></w:tcPr></w:tc></w:tr></w:tbl></w:body></w:document>`))
	f.Fuzz(func(t *testing.T, documentXML []byte) {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		p, err := w.Create(mainPart)
		if err != nil {
			t.Fatal(err)
		}
		p.Write(documentXML)
		w.Close()
		doc, err := Read(b.Bytes())
		if err != nil {
			return
		}
		lines := strings.Count(doc.Text(), "\n")
		for i := 1; i <= lines; i++ {
			if doc.Where(i, 1) == "the end of the document" {
				t.Fatalf("line %d of %d has no place", i, lines)
			}
		}
	})
}

// Paragraphs numbered by Word (w:numPr, defined in word/numbering.xml) read with the label
// Word shows before them: Chinese counting for headings (一、二、), digits below, the deeper
// level restarting under each heading; a bullet list and numId 0 add nothing.
func TestNumbering(t *testing.T) {
	const numbering = `<w:numbering xmlns:w="` + wordML + `">` +
		`<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>` +
		`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2、"/></w:lvl></w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="6"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>` +
		`<w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="6"/></w:num></w:numbering>`
	para := func(num, level, text string) string {
		return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + level + `"/><w:numId w:val="` + num + `"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	body := para("1", "0", "考试场次及级别") + para("1", "1", "考试形式") + para("1", "1", "考试范围") +
		para("1", "0", "考试内容") + para("1", "1", "通过条件") + para("2", "0", "要点") + para("0", "0", "正文") +
		`<w:p><w:pPr><w:pPrChange><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>改过格式</w:t></w:r></w:p>`
	d, err := Read(packageOf(t, mainPart, `<w:document xmlns:w="`+wordML+`"><w:body>`+body+`</w:body></w:document>`, numberingPart, numbering))
	if err != nil {
		t.Fatal(err)
	}
	want := "一、考试场次及级别\n1、考试形式\n2、考试范围\n二、考试内容\n1、通过条件\n要点\n正文\n改过格式\n"
	if got := d.Text(); got != want {
		t.Errorf("read %q, want %q", got, want)
	}
}
