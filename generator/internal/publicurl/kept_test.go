package publicurl

import (
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
)

// Kept: what a published site serves to subscribers, printed pages and other tools stays;
// an asset replaced by a new fingerprint may go; an event may be cancelled, not removed.
func TestKept(t *testing.T) {
	const feed = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@examnotice\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b@examnotice\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	old := testkit.WriteFiles(t, map[string]string{
		"index.html": "<p>", "rounds/2025h1-2/index.html": "<p>", "calendars/2025h1-2.ics": feed,
		"qr/round-2025h1-2.png": "png", "notice.json": "{}", "source/notice-2025h1.txt": "text",
		"css/site.min.0123.css": "css", "sitemap.xml": "<urlset/>",
	})
	files := func(dir string) map[string]bool {
		m := map[string]bool{}
		for name := range testkit.Files(t, dir) {
			m[name] = true
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		new   map[string]string
		wants []string // empty: kept
	}{
		{"all kept, the asset refingerprinted", map[string]string{
			"index.html": "<p>", "rounds/2025h1-2/index.html": "<p>", "calendars/2025h1-2.ics": strings.Replace(feed, "UID:b", "STATUS:CANCELLED\r\nUID:b", 1),
			"qr/round-2025h1-2.png": "png", "notice.json": "{}", "source/notice-2025h1.txt": "text", "css/site.min.4567.css": "css",
		}, nil},
		{"round dropped", map[string]string{"index.html": "<p>", "notice.json": "{}", "source/notice-2025h1.txt": "text"}, []string{
			"/rounds/2025h1-2/index.html (a page)", "/calendars/2025h1-2.ics (a calendar feed)", "/qr/round-2025h1-2.png (a QR image)", "status: cancelled"}},
		{"event removed from its feed", map[string]string{
			"index.html": "<p>", "rounds/2025h1-2/index.html": "<p>", "calendars/2025h1-2.ics": strings.Replace(feed, "UID:b@examnotice", "UID:c@examnotice", 1),
			"qr/round-2025h1-2.png": "png", "notice.json": "{}", "source/notice-2025h1.txt": "text",
		}, []string{"event b@examnotice of /calendars/2025h1-2.ics"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := testkit.WriteFiles(t, tc.new)
			err := Kept(old, dir, files(dir))
			if len(tc.wants) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, w := range tc.wants {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("got %v; want an error saying %q", err, w)
				}
			}
		})
	}
	if err := Kept(filepath.Join(t.TempDir(), "public"), old, files(old)); err != nil {
		t.Errorf("a first build, with nothing published: %v", err)
	}
}
