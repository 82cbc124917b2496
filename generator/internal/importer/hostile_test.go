package importer_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/testkit"
)

// variant is the notice of testdata/variants in the issuer's template (2025h2).
var variant = filepath.Join("testdata", "variants", "notice-2025h2.txt")

// zipOf is a zip archive of the named files.
func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, content := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withoutSchedule is the variant with its section 一 (heading and table) taken out.
func withoutSchedule(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(variant)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	from, to := strings.Index(s, "一、考试场次及级别"), strings.Index(s, "二、考试内容及相关安排")
	if from < 0 || to < from {
		t.Fatal("the variant has no section 一 to take out")
	}
	return []byte(s[:from] + s[to:])
}

func utf16LE(s string, bom bool) []byte {
	var b bytes.Buffer
	if bom {
		b.Write([]byte{0xff, 0xfe})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		_ = binary.Write(&b, binary.LittleEndian, u)
	}
	return b.Bytes()
}

// TestHostile: documents that are not a notice in the template are refused, each with its
// message, nothing is written into the project, and nothing panics.
func TestHostile(t *testing.T) {
	text, err := os.ReadFile(variant)
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := os.ReadFile(filepath.Join("testdata", "hostile", "notice-gbk.txt"))
	if err != nil {
		t.Fatal(err)
	}
	const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>`
	for _, tc := range []struct {
		name, file string
		content    func(t *testing.T) []byte
		want       string
	}{
		{"empty", "notice.txt", func(*testing.T) []byte { return nil }, "the file is empty"},
		{"blank", "notice.txt", func(*testing.T) []byte { return []byte(" \n\r\n\t\n") }, "the file is empty"},
		{"binary", "notice.txt", func(*testing.T) []byte { return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00") }, "binary"},
		{"control characters", "notice.txt", func(*testing.T) []byte { return append([]byte("南京奥派\n"), 0x1b, 0x07) }, "control character 0x1b"},
		{"GBK", "notice.txt", func(*testing.T) []byte { return gbk }, "GBK"},
		{"UTF-16 with BOM", "notice.txt", func(*testing.T) []byte { return utf16LE(string(text), true) }, "UTF-16"},
		{"UTF-16 without BOM", "notice.txt", func(*testing.T) []byte { return utf16LE(string(text), false) }, "UTF-16"},
		{"docx not a zip", "notice.docx", func(*testing.T) []byte { return text }, "not a zip archive"},
		{"password-protected .docx", "notice.docx", func(*testing.T) []byte {
			// An encrypted OOXML file: an OLE compound file whose directory names the stream
			// EncryptedPackage (UTF-16LE), as Word writes one saved with a password.
			return append(append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"), make([]byte, 64)...), utf16LE("EncryptedPackage", false)...)
		}, "password-protected (encrypted) Word document"},
		{"Word 97 .doc", "notice.doc", func(*testing.T) []byte { return []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00") }, "Word 97–2003"},
		{"zip without a document", "notice.docx", func(t *testing.T) []byte { return zipOf(t, map[string][]byte{"hello.txt": []byte("hi")}) }, "without word/document.xml"},
		{"zip bomb", "notice.docx", func(t *testing.T) []byte {
			return zipOf(t, map[string][]byte{"word/document.xml": bytes.Repeat([]byte("<"), 64<<20)})
		}, "zip bomb"},
		{"XML entity bomb", "notice.docx", func(t *testing.T) []byte {
			return zipOf(t, map[string][]byte{"word/document.xml": []byte(laughs)})
		}, "entity bombs"},
		{"XML not well-formed", "notice.docx", func(t *testing.T) []byte {
			return zipOf(t, map[string][]byte{"word/document.xml": []byte("<w:document><w:body>")})
		}, "not well-formed"},
		{"no schedule table", "notice.txt", withoutSchedule, "no section 一、考试场次及级别 (the schedule table"},
		{"not the template", "notice.txt", func(*testing.T) []byte { return []byte("hello\nworld\n") }, "no section 一、考试场次及级别"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := testkit.Empty(t)
			file := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(file, tc.content(t), 0o644); err != nil {
				t.Fatal(err)
			}
			before := testkit.Tree(t, root)
			_, err := importer.Import(importer.Options{Root: root, File: file, Updated: updated})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v; want an error saying %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), "nothing was imported") {
				t.Errorf("the error %q does not say that nothing was imported", err)
			}
			if !reflect.DeepEqual(testkit.Tree(t, root), before) {
				t.Error("a refused import changed the project")
			}
		})
	}
}

// TestTooLarge: a 50 MB file is refused by its size, before it is read.
func TestTooLarge(t *testing.T) {
	root := testkit.Empty(t)
	file := filepath.Join(t.TempDir(), "notice.txt")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	before := testkit.Tree(t, root)
	_, err = importer.Import(importer.Options{Root: root, File: file, Updated: updated})
	if err == nil || !strings.Contains(err.Error(), "is 52428800 bytes, more than") {
		t.Fatalf("got %v; want the file refused by its size", err)
	}
	if !reflect.DeepEqual(testkit.Tree(t, root), before) {
		t.Error("a refused import changed the project")
	}
}

// TestDocxPlace: a part of a .docx that does not read as the template is named by its place
// in the document, the table's row and cell, and the line of the text read from it.
func TestDocxPlace(t *testing.T) {
	src := filepath.Join("testdata", "notice-2024h2.docx")
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		files[f.Name] = b.Bytes()
	}
	const old = "<w:t>第五次统考</w:t>"
	x := files["word/document.xml"]
	if bytes.Count(x, []byte(old)) != 1 {
		t.Fatalf("%s holds %s %d times; the edit needs one", src, old, bytes.Count(x, []byte(old)))
	}
	files["word/document.xml"] = bytes.Replace(x, []byte(old), []byte("<w:t>第5次统考</w:t>"), 1)
	file := filepath.Join(t.TempDir(), "notice.docx")
	if err := os.WriteFile(file, zipOf(t, files), 0o644); err != nil {
		t.Fatal(err)
	}
	root := testkit.Empty(t)
	_, err = importer.Import(importer.Options{Root: root, File: file, Updated: updated})
	const want = ": table 1, row 10, cell 1 (line 22 of its text): the 统考阶段 \"第5次统考\" is not a round's name"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v; want …%s…", err, want)
	}
}
