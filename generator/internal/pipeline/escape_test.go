package pipeline_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// hostile is text a careless or malicious edit could put into the data.
const hostile = "<script>alert(1)</script> \"><img src=x onerror=alert(2)> {{ .Site.Title }} a,b;c\\d\n第二行 \u200f\u202e 📅 &amp; '"

// Hostile text in the data comes out inert in the HTML, escaped in the calendars and intact
// in the JSON export. It is put into the current notice of the two-notice project, so that it
// reaches every page: the earlier notice's pages name it as their successor.
func TestHostileData(t *testing.T) {
	root := testkit.Project(t, testkit.Two)
	quoted, _ := json.Marshal(hostile) // a YAML double-quoted string is a JSON string
	q := string(quoted)
	for _, e := range []struct{ file, old, new string }{
		{"data/notices/2025h2/groups.yaml", "name: 2025年9月第三次统考群", "name: " + q},                            // 2025h2-3's group
		{"data/notices/2025h2/contacts.yaml", "{name: 李老师,", "{name: " + q + ","},                           // a regional contact
		{"data/notices/2025h2/process.yaml", "wording: 根据考务工作群内发放的《考务工作手册》开展考核站点及考场环境布置。", "wording: " + q}, // room-setup
		{"data/notices/2025h2/notice.yaml", "short_title: 2025年下半年 示例证书 统考", "short_title: " + q},
		{"data/notices/2025h2/notice.yaml", "\ntitle: 关于2025年示例证书下半年统考有关工作的通知\n", "\ntitle: " + q + "\n"}, // cited in footers and successor notes
	} {
		testkit.Edit(t, root, e.file, e.old, e.new)
	}
	out, _, _ := buildkit.Build(t, root)

	// HTML: the markup is escaped wherever the text appears; nothing runs, nothing is evaluated.
	shown := 0
	for _, p := range pages(t, out, testkit.Two) {
		b := []byte(testkit.Served(t, out, p))
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
	if all := len(fixturePages(testkit.Two)); shown != all {
		t.Errorf("the hostile text is shown escaped on %d of %d pages; expected it on every page (the current notice's title in the footer, or as the successor)", shown, all)
	}
	for _, p := range []string{permalink.Notice("2025h1"), permalink.Round("2025h1-1"), permalink.NoticePage("2025h1", permalink.Schedule)} {
		note := domOne(t, servedDoc(t, out, p), "p.successor")
		if got := domText(note); !strings.HasPrefix(got, "本通知已由《"+strings.Join(strings.Fields(hostile), " ")+"》接替") {
			t.Errorf("/%s: the successor note says %q; want the newer notice's title as text", p, got)
		}
	}

	// iCalendar: an independent parser reads the text back exactly (TEXT values cannot hold
	// a bare CR; everything else survives).
	f, err := os.Open(filepath.Join(out, filepath.FromSlash(permalink.Feed("2025h2-3"))))
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
		t.Errorf("no event description of 2025h2-3.ics holds the hostile wording intact")
	}

	// JSON: the export parses and holds the text unchanged.
	b := []byte(testkit.Served(t, out, permalink.JSON))
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
