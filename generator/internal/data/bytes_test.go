package data

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// byteCase is an invalid data file that is easier to build in code than to store: a BOM,
// bytes that are not UTF-8, an alias bomb, a file of 10 MB.
type byteCase struct {
	name, file string // file: slash-separated, relative to the data directory
	edit       func([]byte) []byte
	want, msg  string
}

var byteCases = []byteCase{
	{"bom", "notices/2024h2/rounds.yaml", func(b []byte) []byte { return append([]byte("\xef\xbb\xbf"), b...) },
		"notices/2024h2/rounds.yaml:1:1:", "byte-order mark"},
	{"gbk-bytes", "notices/2024h2/rounds.yaml", func(b []byte) []byte {
		return bytes.Replace(b, []byte("第三次统考"), []byte("\xb5\xda\xc8\xfd\xb4\xce"), 1) // GBK, not UTF-8
	}, "notices/2024h2/rounds.yaml:9:11:", "not UTF-8"},
	{"alias-bomb", "notices/2024h2/rounds.yaml", func([]byte) []byte {
		var s strings.Builder
		s.WriteString("a: &a [x, x, x, x, x, x, x, x, x]\n")
		for i := 'b'; i <= 'k'; i++ {
			s.WriteString(string(i) + ": &" + string(i) + " [*" + string(i-1) + ", *" + string(i-1) + ", *" + string(i-1) + ", *" + string(i-1) + "]\n")
		}
		s.WriteString("rounds: *k\n")
		return []byte(s.String())
	}, "notices/2024h2/rounds.yaml:1:1:", "unknown key \"a\""},
	{"alias", "notices/2024h2/rounds.yaml", func(b []byte) []byte {
		return bytes.Replace(b, []byte("    name: 第三次统考"), []byte("    name: &n 第三次统考"), 1)
	}, "notices/2024h2/rounds.yaml:9:11:", "anchors and aliases"},
	{"ten-megabytes", "notices/2024h2/rounds.yaml", func(b []byte) []byte {
		return append(b, bytes.Repeat([]byte("# padding padding padding padding padding padding padding padding\n"), 10<<20/66)...)
	}, "notices/2024h2/rounds.yaml:1:", "expected at most 1048576"},
	{"nul-byte", "notices/2024h2/notice.yaml", func(b []byte) []byte { return bytes.Replace(b, []byte("issuer: "), []byte("issuer: \x00"), 1) },
		"notices/2024h2/notice.yaml:", "YAML syntax error"},
	{"empty-file", "notices/2024h2/fees.yaml", func([]byte) []byte { return nil }, "notices/2024h2/fees.yaml:1:", "the file is empty"},
	{"missing-file", "notices/2024h2/contacts.yaml", nil, "notices/2024h2/contacts.yaml:", "cannot read the file"},
	{"missing-shared-file", "provinces.yaml", nil, "provinces.yaml:", "cannot read the file"},
}

func TestInvalidBytes(t *testing.T) {
	for _, c := range byteCases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyValid(t)
			path := filepath.Join(dir, filepath.FromSlash(c.file))
			if c.edit == nil {
				os.Remove(path)
			} else {
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, c.edit(b), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := loadAndCheck(dir)
			if err == nil {
				t.Fatalf("no error; want %s %s", c.want, c.msg)
			}
			got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			for _, line := range strings.Split(got, "\n") {
				if strings.HasPrefix(line, c.want) && strings.Contains(line, c.msg) {
					return
				}
			}
			t.Errorf("no problem at %s with %q; got:\n%s", c.want, c.msg, got)
		})
	}
}
