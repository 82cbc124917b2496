package site

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/testkit"
)

// Prepare orders the notices newest first: 2025h2 (exams up to 11-14) is current; the
// counts and the warnings are of both notices (the one of 2025h1's 第二次统考).
func TestPrepare(t *testing.T) {
	_, dataDir, p := prepareFixture(t, testkit.Two)
	if len(p.Notices) != 2 || p.Notices[0].Meta.ID != "2025h2" || p.Notices[1].Meta.ID != "2025h1" {
		t.Fatalf("%d notices; want 2025h2, 2025h1", len(p.Notices))
	}
	if id := p.Notices[0].Meta.ID; id != "2025h2" {
		t.Errorf("the current notice is %s, want 2025h2", id)
	}
	if rounds, milestones := p.Rounds(); rounds != 4 || milestones != 44 {
		t.Errorf("%d rounds, %d milestones; want 4 and 44", rounds, milestones)
	}
	want := filepath.Join(dataDir, "notices", "2025h1", "rounds.yaml") + ":25:28: 第二次统考: the table's 报名截止 2025-05-31 differs"
	if len(p.Warnings) != 1 || !strings.HasPrefix(p.Warnings[0].String(), want) {
		t.Errorf("warnings:\n%v\nwant one, starting %s", p.Warnings, want)
	}
}

// Write publishes, for the two notices, exactly: notice.json, each notice's JSON and text,
// the calendars (all.ics, 2 notice feeds, 4 round feeds, 44 single events) and the QR images
// (a PNG and an SVG of 9 codes); and it says so.
func TestWritePublishes(t *testing.T) {
	root, dataDir, p := prepareFixture(t, testkit.Two)
	dir, static := project.Layout{Root: root}.Generated(), project.Layout{Root: root}.Static()
	g := write(t, p, dir, static, dataDir, testBase, "2025-09-06")
	files := testkit.Tree(t, static)
	count := map[string]int{}
	for name := range files {
		count[strings.SplitN(name, "/", 2)[0]]++
	}
	for _, name := range []string{permalink.JSON, permalink.NoticeJSON("2025h1"), permalink.NoticeJSON("2025h2"),
		permalink.SourceText("notice-2025h1.txt"), permalink.SourceText("notice-2025h2.txt"),
		permalink.AllFeed, permalink.NoticeFeed("2025h1"), permalink.NoticeFeed("2025h2"), permalink.SiteQR + ".svg", permalink.ChangesQR + ".svg"} {
		if files[name] == "" {
			t.Errorf("%s is not published", name)
		}
	}
	want := map[string]int{"notice.json": 1, "notices": 2, "source": 2, "calendars": 51, "qr": 20}
	if !maps.Equal(count, want) {
		t.Errorf("published %v; want %v", count, want)
	}
	if g.Feeds != 51 || g.Images != 20 || g.Published != len(files) || g.Published != 76 {
		t.Errorf("Write says %d feeds, %d images, %d published; want 51, 20 and the 76 files under static", g.Feeds, g.Images, g.Published)
	}
	if own := slices.Sorted(maps.Keys(testkit.Tree(t, dir))); !slices.Equal(own, []string{"data/site.json", "data/today.json", qrRecord}) {
		t.Errorf("wrote %v beside static; want data/site.json, data/today.json and %s", own, qrRecord)
	}
}

// PublicURLs lists, for the two notices, every page, feed, single event and QR target of
// both, each once: the fixed pages, then the older notice's, then the newer's (so that a new
// notice's URLs come last in data/public-urls.txt). A group with an official join link
// (2025h1-2's) has no place of ours that its code leads to. The fixture's list holds nothing
// that PublicURLs does not make.
func TestPublicURLs(t *testing.T) {
	_, dataDir, p := prepareFixture(t, testkit.Two)
	got := p.PublicURLs()
	want := []string{"/", "schedule/", "process/", "fees/", "groups/", "contacts/", "subscribe/", "source/", "rounds/", "notices/", "notice.json", "calendars/all.ics", "changes/"}
	milestones := []string{"site-application", "registration", "fee-payment", "room-setup", "admission-ticket",
		"exam-1-theory", "exam-1-practical", "exam-2-theory", "exam-2-practical", "scores", "certificates"}
	for _, n := range []struct {
		id     string
		rounds []string
	}{{"2025h1", []string{"2025h1-1", "2025h1-2"}}, {"2025h2", []string{"2025h2-3", "2025h2-4"}}} {
		notice := "notices/" + n.id + "/"
		want = append(want, notice, notice+"schedule/", notice+"process/", notice+"fees/", notice+"groups/", notice+"contacts/", notice+"source/",
			notice+"notice.json", "calendars/notices/"+n.id+".ics", "source/notice-"+n.id+".txt")
		for _, r := range n.rounds {
			want = append(want, "rounds/"+r+"/", "rounds/"+r+"/#subscribe")
			if r != "2025h1-2" {
				want = append(want, "groups/#group-"+r)
			}
			want = append(want, "calendars/"+r+".ics")
			for _, m := range milestones {
				want = append(want, "calendars/"+r+"/"+m+".ics")
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("PublicURLs:\n%v\nwant\n%v", got, want)
	}
	seen := map[string]bool{}
	for _, u := range got {
		if seen[u] {
			t.Errorf("%s is listed twice", u)
		}
		seen[u] = true
	}
	listed, err := publicurl.Read(filepath.Join(dataDir, publicurl.File))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range listed {
		if !seen[u.Path] {
			t.Errorf("data/%s:%d: %s is not a URL the site makes", publicurl.File, u.Line, u.Path)
		}
	}
}
