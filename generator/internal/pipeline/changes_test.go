package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	ical "github.com/emersion/go-ical"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/synthetic"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// changeWords are the words that say a change; a site where nothing changed shows none.
var changeWords = regexp.MustCompile(`变更|调整`)

// withoutChangeWords fails the test for every published file of out that says a change.
func withoutChangeWords(t *testing.T, out string) {
	t.Helper()
	for name := range testkit.Files(t, out) {
		if strings.HasSuffix(name, ".png") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if m := changeWords.Find(b); m != nil {
			t.Errorf("%s says %s, but nothing changed", name, m)
		}
	}
}

// feedEvent reads the event uid of the feed url of the site built in out with the
// independent parser.
func feedEvent(t *testing.T, out, url, uid string) ical.Event {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(testkit.Served(t, out, url))).Decode()
	if err != nil {
		t.Fatalf("%s: the independent parser refuses it: %v", url, err)
	}
	for _, e := range cal.Events() {
		if u, _ := e.Props.Text(ical.PropUID); u == uid {
			return e
		}
	}
	t.Fatalf("%s has no event %s", url, uid)
	return ical.Event{}
}

// TestChanges amends the test notice step after step in a copy, as staff do (the data and
// the notice's text, `updated` moved, a note on the change), and builds after each step:
// every page, the feed, the JSON and the record say what changed, old and new; a build
// with no edit changes no byte; a reverted move and a cancellation are recorded too. The
// first build, where nothing changed, says 调整 nowhere.
func TestChanges(t *testing.T) {
	buildkit.Today(t, "2025-03-25T12:00:00+08:00")
	root := testkit.Project(t, testkit.Notice)
	const (
		rounds  = "data/notices/2025h1/rounds.yaml"
		text    = "data/notices/2025h1/notice-2025h1.txt"
		meta    = "data/notices/2025h1/notice.yaml"
		round   = "2025h1-2"
		session = "exam-2-theory" // 2025-06-13 08:30–09:30
	)
	uid := permalink.UID(round, session)
	at := func(clock string) string {
		return "date: 2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"" + clock + "\", end: \""
	}
	setUpdated := func(from, to string) {
		testkit.Edit(t, root, meta, "updated: "+from+"\n", "updated: "+to+"\n")
	}
	move := func(from, to string, fromEnd, toEnd string) {
		testkit.Edit(t, root, rounds, at(from)+fromEnd+"\"", at(to)+toEnd+"\"")
		testkit.Edit(t, root, text, "6月13日 (周五)\t初级\t理论考试\t"+from+"-"+fromEnd, "6月13日 (周五)\t初级\t理论考试\t"+to+"-"+toEnd)
	}
	moved := "原定 6月13日（周五） 08:30–09:30，改为 08:00–09:00（2025年3月8日更新；依据补充通知）"
	back := "由 6月13日（周五） 08:00–09:00 改回 08:30–09:30（2025年3月15日更新）"
	cancelled := "原定 6月13日（周五） 08:30–09:30，已取消（2025年3月22日更新）"

	type shows struct{ url, text string }
	steps := []struct {
		name     string
		edit     func()
		shows    []shows
		summary  string // the prefix of the event's SUMMARY
		desc     string // the prefix of its DESCRIPTION
		status   string
		sequence int
		changes  int // lines "change" of data/changes.lock
	}{
		{name: "first build", summary: "【理论考试】", desc: "第二次统考", status: "CONFIRMED"},
		{
			name: "one session moved",
			edit: func() {
				move("08:30", "08:00", "09:30", "09:00")
				setUpdated("2025-03-01", "2025-03-08")
				testkit.Edit(t, root, meta, "source_file:", "change_note: 依据补充通知\nsource_file:")
			},
			shows: []shows{
				{permalink.Round(round), moved},
				{permalink.Changes, moved},
				{permalink.Changes, `href="/` + permalink.Milestone(round, session) + `"`},
				{permalink.Changes, "第 2 版（2025年3月8日）"},
				{"", "本通知近 30 天内有 1 项调整"},
				{"", moved},
				{permalink.Schedule, "※ 原定 08:30–09:30"},
				{permalink.Schedule, "本表为第 2 版（2025年3月8日）"},
				{permalink.JSON, `"new_text": "08:00–09:00"`},
				{permalink.JSON, `"edition": {` + "\n    \"number\": 2"},
			},
			summary: "【已调整】【理论考试】第二次统考", status: "CONFIRMED", sequence: 1, changes: 1,
			desc: "调整：" + moved + "。\n第二次统考",
		},
		{name: "again, no edit", summary: "【已调整】", desc: "调整：" + moved, status: "CONFIRMED", sequence: 1, changes: 1},
		{
			name: "the move reverted",
			edit: func() {
				move("08:00", "08:30", "09:00", "09:30")
				setUpdated("2025-03-08", "2025-03-15")
				testkit.Edit(t, root, meta, "change_note: 依据补充通知\n", "")
			},
			shows: []shows{
				{permalink.Round(round), back},
				{permalink.Changes, back},
				{permalink.Changes, moved}, // the move stays listed, below
				{permalink.Schedule, "本表为第 3 版（2025年3月15日）"},
			},
			summary: "【已调整】【理论考试】", desc: "调整：" + back + "。", status: "CONFIRMED", sequence: 2, changes: 2,
		},
		{
			name: "the session cancelled",
			edit: func() {
				testkit.Edit(t, root, rounds, at("08:30")+"09:30\", levels: [初级, 中级]}", at("08:30")+"09:30\", levels: [初级, 中级], status: cancelled}")
				setUpdated("2025-03-15", "2025-03-22")
			},
			shows: []shows{
				{permalink.Round(round), `<li id="` + session + `" class="session cancelled">`},
				{permalink.Round(round), cancelled},
				{permalink.Changes, cancelled},
				{permalink.Schedule, "<s>08:30–09:30</s> 已取消"}, // struck through, and said
				{"", cancelled},
			},
			summary: "【已取消】【理论考试】", desc: "调整：" + cancelled + "。\n本项已取消。", status: "CANCELLED", sequence: 3, changes: 3,
		},
	}
	var last map[string]string // the tree of the last build
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if step.edit != nil {
				step.edit()
			}
			out, _, _ := buildkit.Build(t, root)
			if step.name == "first build" {
				withoutChangeWords(t, out)
			}
			for _, s := range step.shows {
				if page := testkit.Served(t, out, s.url); !strings.Contains(page, s.text) {
					t.Errorf("/%s does not show %q", s.url, s.text)
				}
			}
			e := feedEvent(t, out, permalink.Feed(round), uid)
			if s, _ := e.Props.Text(ical.PropSummary); !strings.HasPrefix(s, step.summary) {
				t.Errorf("SUMMARY %q, want it to begin with %q", s, step.summary)
			}
			if d, _ := e.Props.Text(ical.PropDescription); !strings.HasPrefix(d, step.desc) {
				t.Errorf("DESCRIPTION %q, want it to begin with %q", d, step.desc)
			}
			if s, _ := e.Props.Text(ical.PropStatus); s != step.status {
				t.Errorf("STATUS %s, want %s", s, step.status)
			}
			if seq, err := e.Props.Get(ical.PropSequence).Int(); err != nil || seq != step.sequence {
				t.Errorf("SEQUENCE %d (%v), want %d", seq, err, step.sequence)
			}
			record, err := os.ReadFile(filepath.Join(root, "data", "changes.lock"))
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(string(record), "\nchange "); n != step.changes {
				t.Errorf("data/changes.lock records %d changes, want %d:\n%s", n, step.changes, record)
			}
			tree := testkit.Tree(t, out)
			if step.edit == nil && last != nil {
				// The same data and record: the same bytes, and nothing new recorded.
				for name, sum := range tree {
					if last[name] != sum {
						t.Errorf("%s differs from the last build's, with no edit between", name)
					}
				}
			}
			last = tree
		})
	}

	t.Run("a month later, home flags nothing", func(t *testing.T) {
		buildkit.Today(t, "2025-04-30T12:00:00+08:00")
		out, _, _ := buildkit.Build(t, root)
		if home := testkit.Served(t, out, ""); changeWords.MatchString(home) {
			t.Errorf("the home page flags changes 39 days after the last")
		}
	})
}

// TestChangedSite looks in Chromium at the two notices' site after a session of the current
// notice moved and another was cancelled: its schedule prints on one A4 page (the browser
// test's print), which says its edition, marks the changed cells with their old times beside
// the new, and carries the QR code of the changes page; the pages that show the changes are
// valid HTML and meet WCAG 2.1 AA, as every page of the site without a change does.
func TestChangedSite(t *testing.T) {
	testkit.Tool(t, "chromium")
	root := testkit.Project(t, testkit.Two)
	buildkit.Build(t, root)
	const rounds = "data/notices/2025h2/rounds.yaml"
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rounds)))
	if err != nil {
		t.Fatal(err)
	}
	// The second day of 第三次统考 (2025-09-19): its 理论考试 half an hour earlier, its 实操考试 cancelled.
	old := "date: 2025-09-19\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:30\", end: \"09:30\", levels: [初级, 中级]}\n          - {subject: practical, start: \"10:00\", end: \"12:30\", levels: [初级, 中级]}"
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s: the fixture changed; this test moves its 2025-09-19 sessions", rounds)
	}
	testkit.Edit(t, root, rounds, old, "date: 2025-09-19\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:00\", end: \"09:00\", levels: [初级, 中级]}\n          - {subject: practical, start: \"10:00\", end: \"12:30\", levels: [初级, 中级], status: cancelled}")
	testkit.Edit(t, root, "data/notices/2025h2/notice.yaml", "updated: 2025-08-01\n", "updated: 2025-08-15\n")
	out, _, _ := buildkit.Build(t, root)
	s := serveSite(t, out)
	_, text := s.printSchedule(t, "schedule-changed-print.pdf")
	text = strings.ReplaceAll(text, " ", "") // a line of Chinese text breaks anywhere
	for _, w := range []string{
		"本表为第 2 版（2025年8月15日）", "※ 原定 08:30–09:30", "08:00–09:00", "10:00–12:30 已取消",
		"扫码核对版本", "标 ※ 的项已调整",
	} {
		if !strings.Contains(text, strings.ReplaceAll(w, " ", "")) {
			t.Errorf("the printed schedule lacks %q:\n%s", w, text)
		}
	}
	images := pdftool(t, "pdfimages", "-list", filepath.Join(screenshotDir(t), "schedule-changed-print.pdf"))
	if strings.Count(images, "\n") < 4 { // header, rule, the site's and the changes page's QR
		t.Errorf("the printed schedule carries fewer than two QR images:\n%s", images)
	}
	s.checkWCAG(t, []string{"/", "/" + permalink.Schedule, "/" + permalink.Changes, "/" + permalink.Round("2025h2-3")})
	checkHTML(t, map[string]string{out: "public(changed)"})
}

// TestEveryCellChangedPrints prints the schedule of a made-up notice of five rounds (the
// size of the largest real one) in which every session moved an hour: 20 marked cells, and
// still one A4 page (printSchedule fails otherwise). The changed cell carries its old time on
// its own line only where that does not make the row taller (a day, a round's deadlines).
func TestEveryCellChangedPrints(t *testing.T) {
	testkit.Tool(t, "chromium")
	root := t.TempDir()
	if err := synthetic.Project(root, testkit.Root(), 1, 5); err != nil {
		t.Fatal(err)
	}
	buildkit.Build(t, root)
	dirs, err := filepath.Glob(filepath.Join(root, "data", "notices", "*"))
	if err != nil || len(dirs) != 1 {
		t.Fatalf("the synthetic project has the notices %v (%v); want one", dirs, err)
	}
	path := filepath.Join(dirs[0], "rounds.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	b = regexp.MustCompile(`"([01]\d):(\d\d)"`).ReplaceAllFunc(b, func(m []byte) []byte {
		moved++
		return fmt.Appendf(nil, `"%02d:%s"`, int(m[1]-'0')*10+int(m[2]-'0')+1, m[4:6])
	})
	if moved != 5*4*2 {
		t.Fatalf("moved %d times of day; want the start and end of the 20 sessions", moved)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	meta, err := os.ReadFile(filepath.Join(dirs[0], "notice.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	updated := regexp.MustCompile(`(?m)^updated: .*$`)
	if err := os.WriteFile(filepath.Join(dirs[0], "notice.yaml"), updated.ReplaceAll(meta, []byte("updated: 2099-01-01")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, _ := buildkit.Build(t, root)
	_, text := serveSite(t, out).printSchedule(t, "schedule-every-cell-changed-print.pdf")
	if n := strings.Count(text, "※ 原定"); n != 20 {
		t.Errorf("the printed schedule marks %d cells; want the 20 sessions", n)
	}
}
