package importer

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxInput bounds the file to import: a notice's text is a few kilobytes, its .docx some
// tens of kilobytes.
const MaxInput = 4 << 20

const maxInput = MaxInput

// Magic numbers of the files a notice may arrive as.
var (
	zipMagic  = []byte("PK\x03\x04")
	oleMagic  = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1} // Word 97–2003 .doc
	utf8BOM   = []byte{0xef, 0xbb, 0xbf}
	utf16LE   = []byte{0xff, 0xfe}
	utf16BE   = []byte{0xfe, 0xff}
	saveUTF8  = "save the notice's text as UTF-8 (in Notepad: 另存为 → 编码 UTF-8; in Word: 另存为 纯文本 → 编码 Unicode (UTF-8)) and import that, or import the .docx itself"
	notNotice = "expected the notice's text copied out of its Word document (UTF-8) or the .docx itself"
)

// decodeText returns b as text: UTF-8, a UTF-8 byte-order mark dropped. Other encodings are
// recognised and refused with what to do.
func decodeText(b []byte) (string, error) {
	switch {
	case len(bytes.TrimSpace(b)) == 0:
		return "", fmt.Errorf("the file is empty; %s", notNotice)
	case bytes.HasPrefix(b, utf16LE) || bytes.HasPrefix(b, utf16BE) || looksUTF16(b):
		return "", fmt.Errorf("the text is UTF-16 (what Word and Notepad call Unicode), not UTF-8; %s", saveUTF8)
	case bytes.IndexByte(b, 0) >= 0:
		return "", fmt.Errorf("the file is binary, not text (it holds NUL bytes); %s", notNotice)
	}
	b = bytes.TrimPrefix(b, utf8BOM)
	if utf8.Valid(b) {
		for i, line := range bytes.Split(b, []byte("\n")) {
			for _, c := range line {
				if c < 0x20 && c != '\t' && c != '\r' && c != '\f' {
					return "", fmt.Errorf("line %d holds the control character 0x%02x: the file is binary, not the notice's text; %s", i+1, c, notNotice)
				}
			}
		}
		return string(b), nil
	}
	line := 1 + bytes.Count(b[:invalidAt(b)], []byte("\n"))
	if looksGBK(b) {
		return "", fmt.Errorf("the text is GBK (GB 18030, Windows' 简体中文 ANSI), not UTF-8 (first at line %d); %s", line, saveUTF8)
	}
	return "", fmt.Errorf("line %d holds bytes that are not UTF-8, and the file is not GBK either: binary, or an unknown encoding; %s", line, saveUTF8)
}

// invalidAt is the offset of the first byte of b that is not UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// looksUTF16 reports UTF-16 without a byte-order mark: many NUL bytes on one parity, as
// ASCII letters, digits and tabs give in UTF-16.
func looksUTF16(b []byte) bool {
	if len(b) < 8 {
		return false
	}
	var zeros [2]int
	for i, c := range b {
		if c == 0 {
			zeros[i%2]++
		}
	}
	half := len(b) / 2
	return (zeros[0] > half/4 && zeros[1] == 0) || (zeros[1] > half/4 && zeros[0] == 0)
}

// looksGBK reports whether every byte of b outside ASCII is part of a GBK (GB 18030 two- or
// four-byte) character, and there is at least one.
func looksGBK(b []byte) bool {
	n := 0
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
			continue
		case c >= 0x81 && c <= 0xfe && i+1 < len(b) && b[i+1] >= 0x40 && b[i+1] <= 0xfe && b[i+1] != 0x7f:
			i += 2
		case c >= 0x81 && c <= 0xfe && i+3 < len(b) && b[i+1] >= 0x30 && b[i+1] <= 0x39 && b[i+2] >= 0x81 && b[i+2] <= 0xfe && b[i+3] >= 0x30 && b[i+3] <= 0x39:
			i += 4
		default:
			return false
		}
		n++
	}
	return n > 0
}

// utf16LEBytes is s in UTF-16LE, as the names of an OLE file's streams are stored: a Word
// document encrypted with a password is such a file (not a zip) with a stream EncryptedPackage.
func utf16LEBytes(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}
