package pipeline_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the independent parser loads TZID=Asia/Shanghai by name

	"github.com/emersion/go-ical"
	"golang.org/x/net/html"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// Issue "many notices": the site of the two test notices (generator/testdata/two), 2025h1
// and the newer 2025h2 (exams 09-18 to 11-14), which is current.

// successorNote is what every page of 2025h1 says first: 2025h2's title, and a link to it
// named by its short title.
const successorNote = "本通知已由《关于2025年示例证书下半年统考有关工作的通知》接替，最新安排见2025年下半年 示例证书 统考。"

// noticePagesOf are the pages of the notice id of the two-notice project: its overview, its
// own pages and its rounds' pages.
func noticePagesOf(id string) []string {
	for _, n := range fixtureRounds[testkit.Two] {
		if n.id != id {
			continue
		}
		paths := []string{permalink.Notice(id)}
		for _, page := range []string{permalink.Schedule, permalink.Process, permalink.Fees, permalink.Groups, permalink.Contacts, permalink.Source} {
			paths = append(paths, permalink.NoticePage(id, page))
		}
		for _, r := range n.rounds {
			paths = append(paths, permalink.Round(r))
		}
		return paths
	}
	return nil
}

// roundLinks lists the rounds whose pages (or places on them) the elements sel under n link
// to, by id, each once, in the order of their first link.
func roundLinks(n *html.Node, sel string) []string {
	var ids []string
	for _, e := range domAll(n, sel) {
		for _, a := range domAll(e, "a") {
			href, _ := domAttr(a, "href")
			id, _, _ := strings.Cut(strings.TrimPrefix(href, "/"+permalink.Rounds), "/")
			if strings.HasPrefix(href, "/"+permalink.Rounds) && id != "" && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

func TestManyNotices(t *testing.T) {
	buildkit.Today(t, "2025-09-06T12:00:00+08:00")
	out, sum, _ := buildkit.Build(t, testkit.Project(t, testkit.Two))
	if sum.Notices != 2 || sum.Rounds != 4 || sum.Milestones != 44 {
		t.Errorf("summary %s: want 2 notices, 4 rounds, 44 milestones", sum)
	}
	pages(t, out, testkit.Two) // both notices' overviews, own pages and round pages

	t.Run("the site leads with the newer notice", func(t *testing.T) {
		home := servedDoc(t, out, permalink.Home)
		if got := domText(domOne(t, home, "h1")); got != "2025年下半年 示例证书 统考" {
			t.Errorf("the home page is headed %q; want the newer notice's short title", got)
		}
		if got := roundLinks(home, "ol#rounds"); !slices.Equal(got, []string{"2025h2-3", "2025h2-4"}) {
			t.Errorf("the home page's rounds are %v; want 2025h2's", got)
		}
		for page, want := range map[string][]string{
			permalink.Schedule: {"2025h2-3", "2025h2-4"},
			permalink.Process:  {"2025h2-3", "2025h2-4"},
			permalink.Fees:     {"2025h2-3", "2025h2-4"},
		} {
			if got := roundLinks(servedDoc(t, out, page), "main"); !slices.Equal(got, want) {
				t.Errorf("/%s links to the rounds %v; want %v", page, got, want)
			}
		}
		source := testkit.Served(t, out, permalink.Source)
		if !strings.Contains(source, `href="/`+permalink.SourceText("notice-2025h2.txt")+`"`) || !strings.Contains(source, "请计划参加下半年考试的试点院校") {
			t.Error("/source/ does not show the newer notice's text")
		}
		if json := testkit.Served(t, out, permalink.JSON); !strings.Contains(json, `"id": "2025h2"`) || strings.Contains(json, `"id": "2025h1"`) {
			t.Error("notice.json is not the newer notice's")
		}
		if own := testkit.Served(t, out, permalink.NoticeJSON("2025h1")); !strings.Contains(own, `"id": "2025h1"`) {
			t.Error("notices/2025h1/notice.json is not the earlier notice's")
		}
		// Each notice's own pages show that notice.
		for id, rounds := range map[string][]string{"2025h1": {"2025h1-1", "2025h1-2"}, "2025h2": {"2025h2-3", "2025h2-4"}} {
			for _, page := range []string{permalink.Notice(id), permalink.NoticePage(id, permalink.Schedule)} {
				if got := roundLinks(servedDoc(t, out, page), "main"); !slices.Equal(got, rounds) {
					t.Errorf("/%s links to the rounds %v; want %v", page, got, rounds)
				}
			}
		}
	})

	t.Run("the list of notices", func(t *testing.T) {
		list := domOne(t, servedDoc(t, out, permalink.Notices), "ol.notice-list")
		items := domAll(list, "li")
		if len(items) != 2 {
			t.Fatalf("/notices/ lists %d notices; want 2", len(items))
		}
		for i, want := range []struct {
			url, title string
			current    bool
		}{
			{permalink.Notice("2025h2"), "2025年下半年 示例证书 统考", true},
			{permalink.Notice("2025h1"), "2025年上半年 示例证书 统考", false},
		} {
			a := domOne(t, items[i], "h2")
			link := domAll(a, "a")
			if href, _ := domAttr(link[0], "href"); href != "/"+want.url || domText(link[0]) != want.title {
				t.Errorf("/notices/ item %d links %q to %s; want %q to /%s (newest first)", i, domText(link[0]), href, want.title, want.url)
			}
			if domMatch(items[i], "li.current") != want.current || strings.Contains(domText(items[i]), "当前通知") != want.current {
				t.Errorf("/notices/ item %d (%s): marked current %v; want %v", i, want.title, domMatch(items[i], "li.current"), want.current)
			}
		}
		if got := domText(items[1]); !strings.Contains(got, "已由“2025年下半年 示例证书 统考”接替") || !strings.Contains(got, "5月8日（周四） 至 6月13日（周五）") {
			t.Errorf("/notices/ says of 2025h1 %q; want its exam period and its successor", got)
		}
	})

	t.Run("the earlier notice names its successor", func(t *testing.T) {
		for _, p := range noticePagesOf("2025h1") {
			main := domOne(t, servedDoc(t, out, p), "main")
			first := main.FirstChild
			for first != nil && first.Type != html.ElementNode {
				first = first.NextSibling
			}
			if first == nil || !domMatch(first, "p.successor") {
				t.Errorf("/%s does not start with p.successor", p)
				continue
			}
			if got := domText(first); got != successorNote {
				t.Errorf("/%s: the successor note says %q; want %q", p, got, successorNote)
			}
			if links := domAll(first, "a"); len(links) != 1 {
				t.Errorf("/%s: the successor note has %d links; want one", p, len(links))
			} else if href, _ := domAttr(links[0], "href"); href != "/"+permalink.Notice("2025h2") {
				t.Errorf("/%s: the successor note links to %s; want /%s", p, href, permalink.Notice("2025h2"))
			}
			if !domShown(first) {
				t.Errorf("/%s hides its successor note", p)
			}
		}
		current := append(noticePagesOf("2025h2"), fixedPages...)
		for _, p := range current {
			if notes := domAll(servedDoc(t, out, p), "p.successor"); len(notes) > 0 {
				t.Errorf("/%s, a page of the current notice, names a successor", strings.TrimPrefix(p, "/"))
			}
		}
	})

	t.Run("every URL of the earlier notice is still served", func(t *testing.T) {
		// What the site of 2025h1 alone promised: built, it records its list.
		one := testkit.Project(t, testkit.Notice)
		buildkit.Build(t, one)
		urls, err := publicurl.Read(filepath.Join(one, "data", publicurl.File))
		if err != nil {
			t.Fatal(err)
		}
		if len(urls) != 52 { // with the changes page
			t.Fatalf("the site of 2025h1 alone listed %d URLs; want 52", len(urls))
		}
		servesAll(t, out, urls)
		// The groups page keeps the place of every group of 2025h1 (its QR codes lead there),
		// below the current notice's, under the heading of earlier notices.
		var ids []string
		for _, e := range domAll(servedDoc(t, out, permalink.Groups), "main") {
			for _, n := range domAll(e, "section") {
				id, _ := domAttr(n, "id")
				ids = append(ids, id)
			}
		}
		want := []string{permalink.GroupAnchor("2025h2-3"), permalink.GroupAnchor("2025h2-4"), permalink.GroupAnchor("2025h1-1"), permalink.GroupAnchor("2025h1-2")}
		if !slices.Equal(ids, want) {
			t.Errorf("/groups/ has the group sections %v; want %v", ids, want)
		}
		groups := testkit.Served(t, out, permalink.Groups)
		if e, g := strings.Index(groups, `<h2 id="earlier">`), strings.Index(groups, `id="`+permalink.GroupAnchor("2025h1-1")+`"`); e < 0 || g < e || strings.Index(groups, `id="`+permalink.GroupAnchor("2025h2-4")+`"`) > e {
			t.Error("/groups/: the groups of 2025h1 are not in the section h2#earlier, after 2025h2's")
		}
	})

	t.Run("the feeds", func(t *testing.T) {
		all := readFeed(t, out, permalink.AllFeed)
		if len(all) != 44 {
			t.Errorf("all.ics holds %d events; want the 22 of each notice", len(all))
		}
		for uid, want := range twoNoticeFacts(t) {
			if got, ok := all[uid]; !ok {
				t.Errorf("all.ics lacks %s", uid)
			} else if got != want {
				t.Errorf("all.ics: %s is at %s; want %s", uid, got, want)
			}
		}
		for _, id := range []string{"2025h1", "2025h2"} {
			own := readFeed(t, out, permalink.NoticeFeed(id))
			if len(own) != 22 {
				t.Errorf("the feed of %s holds %d events; want its 22", id, len(own))
			}
			for uid, when := range own {
				if !strings.HasPrefix(uid, id+"-") {
					t.Errorf("the feed of %s holds %s, an event of another notice", id, uid)
				} else if when != all[uid] {
					t.Errorf("the feed of %s has %s at %s, all.ics at %s", id, uid, when, all[uid])
				}
			}
		}
		subscribe := testkit.Served(t, out, permalink.Subscribe)
		for _, feed := range []string{permalink.AllFeed, permalink.NoticeFeed("2025h2"), permalink.NoticeFeed("2025h1")} {
			if !strings.Contains(subscribe, `href="/`+feed+`"`) {
				t.Errorf("/subscribe/ offers no %s", feed)
			}
		}
	})
}

// servesAll checks that the site built in out serves every URL of urls, and the element of
// its #fragment, read with an HTML parser.
func servesAll(t *testing.T, out string, urls []publicurl.URL) {
	t.Helper()
	parsed := map[string]parsedPage{}
	for _, u := range urls {
		file, frag := testkit.File(out, u.Path)
		if _, err := os.Stat(file); err != nil {
			t.Errorf("listed URL %s is not served any more (%v); restore it: subscribers and printed sheets depend on it", u.Path, err)
			continue
		}
		if frag != "" {
			p, ok := parsed[file]
			if !ok {
				p = parsePage(t, file)
				parsed[file] = p
			}
			if !p.ids[frag] {
				t.Errorf("listed URL %s: the page has no #%s any more", u.Path, frag)
			}
		}
	}
}

// twoNoticeFacts are the facts of both notices of the two-notice project that the feeds must
// hold, transcribed by hand (testdata/two-notices.facts): UID → DTSTART and DTEND, timed in
// +08:00, all-day as dates.
func twoNoticeFacts(t *testing.T) map[string]string {
	t.Helper()
	const name = "testdata/two-notices.facts"
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			t.Fatalf("%s: bad line %q", name, line)
		}
		byUID[f[0]+"@examnotice"] = f[1] + " " + f[2]
	}
	if len(byUID) != 4*6 {
		t.Fatalf("%s holds %d events; want 6 of each of the 4 rounds", name, len(byUID))
	}
	return byUID
}

// readFeed reads the feed url of the site built in out with the independent parser
// (emersion/go-ical): each event's start and end by its UID, as twoNoticeFacts writes them.
func readFeed(t *testing.T, out, url string) map[string]string {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(testkit.Served(t, out, url))).Decode()
	if err != nil {
		t.Fatalf("%s: the independent parser refuses it: %v", url, err)
	}
	china := time.FixedZone("+08:00", 8*3600)
	events := map[string]string{}
	for _, ev := range cal.Events() {
		uid, err := ev.Props.Text(ical.PropUID)
		if err != nil || uid == "" {
			t.Fatalf("%s: an event without UID (%v)", url, err)
		}
		if _, dup := events[uid]; dup {
			t.Errorf("%s: %s twice", url, uid)
		}
		var span []string
		for _, prop := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd} {
			p := ev.Props.Get(prop)
			if p == nil {
				t.Fatalf("%s: %s has no %s", url, uid, prop)
			}
			tm, err := p.DateTime(time.UTC) // a TZID is loaded by the parser
			if err != nil {
				t.Fatalf("%s: %s %s %q: %v", url, uid, prop, p.Value, err)
			}
			if p.ValueType() == ical.ValueDate {
				span = append(span, tm.Format(time.DateOnly))
			} else {
				span = append(span, tm.In(china).Format(time.RFC3339))
			}
		}
		events[uid] = strings.Join(span, " ")
	}
	return events
}
