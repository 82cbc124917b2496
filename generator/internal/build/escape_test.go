package build

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-ical"
)

// hostile is text a careless or malicious edit could put into the data.
const hostile = "<script>alert(1)</script> \"><img src=x onerror=alert(2)> {{ .Site.Title }} a,b;c\\d\n第二行 \u200f\u202e 📅 &amp; '"

// Hostile text in the data comes out inert in the HTML, escaped in the calendars and intact
// in the JSON export.
func TestHostileData(t *testing.T) {
	root := copyProject(t)
	quoted, _ := json.Marshal(hostile) // a YAML double-quoted string is a JSON string
	edits := []struct{ file, old, new string }{
		{"data/groups.yaml", "name: 2024年9月第三次统考群", "name: " + string(quoted)},
		{"data/contacts.yaml", "{name: 单老师,", "{name: " + string(quoted) + ","},
		{"data/process.yaml", "    wording: 根据考务工作群内发放的《考务工作手册》开展考核站点及考场环境布置。", "    wording: " + string(quoted)},
		{"data/notice.yaml", "short_title: 2024年下半年 1+X 直播电商 / 新媒体技术 统考", "short_title: " + string(quoted)},
	}
	for _, e := range edits {
		path := filepath.Join(root, e.file)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(e.old)) {
			t.Fatalf("%s lacks %q", e.file, e.old)
		}
		if err := os.WriteFile(path, bytes.Replace(b, []byte(e.old), []byte(e.new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, _, err := build(t, root, out); err != nil {
		t.Fatal(err)
	}

	// HTML: the markup is escaped wherever the text appears; nothing runs, nothing is evaluated.
	shown := 0
	for _, p := range pages(t, out) {
		file := filepath.Join(out, strings.TrimPrefix(p, "/"))
		if strings.HasSuffix(p, "/") {
			file = filepath.Join(file, "index.html")
		}
		b, _ := os.ReadFile(file)
		for _, bad := range []string{"<script>alert", "<img src=x", "onerror=alert(2)>", "ZgotmplZ"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q unescaped", p, bad)
			}
		}
		if bytes.Contains(b, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
			shown++
			if !bytes.Contains(b, []byte("{{ .Site.Title }}")) {
				t.Errorf("%s: template text in the data was evaluated or lost", p)
			}
		}
	}
	if shown < 5 {
		t.Errorf("the hostile text is shown escaped on %d pages; expected it on most pages (title) and on the groups, contacts and process pages", shown)
	}

	// iCalendar: an independent parser reads the text back exactly (TEXT values cannot hold
	// a bare CR; everything else survives).
	f, err := os.Open(filepath.Join(out, "calendars", "2024h2-3.ics"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := ical.NewDecoder(f).Decode()
	if err != nil {
		t.Fatalf("parsing the feed: %v", err)
	}
	found := false
	for _, ev := range cal.Events() {
		desc, _ := ev.Props.Text(ical.PropDescription)
		if strings.Contains(desc, hostile) {
			found = true
		}
	}
	if !found {
		t.Errorf("no event description of 2024h2-3.ics holds the hostile wording intact")
	}

	// JSON: the export parses and holds the text unchanged.
	b, err := os.ReadFile(filepath.Join(out, "notice.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Notice struct {
			ShortTitle string `json:"short_title"`
		} `json:"notice"`
		Rounds []struct {
			Group struct {
				Name string `json:"name"`
			} `json:"group"`
		} `json:"rounds"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Notice.ShortTitle != hostile || doc.Rounds[0].Group.Name != hostile {
		t.Errorf("the JSON export changed the text: %q / %q", doc.Notice.ShortTitle, doc.Rounds[0].Group.Name)
	}
}
