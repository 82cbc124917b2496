package pipeline_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// fixtureRounds are the notices of each test project (testkit.Notice, testkit.Two), newest
// first, each with its rounds.
var fixtureRounds = map[string][]struct {
	id     string
	rounds []string
}{
	testkit.Notice: {{"2025h1", []string{"2025h1-1", "2025h1-2"}}},
	testkit.Two:    {{"2025h2", []string{"2025h2-3", "2025h2-4"}}, {"2025h1", []string{"2025h1-1", "2025h1-2"}}},
}

// fixedPages are the pages of every build: the current notice's, the lists of rounds and of
// notices, the changes of every notice, the 404 page.
var fixedPages = []string{
	"/" + permalink.Home, "/" + permalink.Schedule, "/" + permalink.Process, "/" + permalink.Fees,
	"/" + permalink.Groups, "/" + permalink.Contacts, "/" + permalink.Subscribe, "/" + permalink.Source,
	"/" + permalink.Rounds, "/" + permalink.Notices, "/" + permalink.Changes, "/404.html",
}

// fixturePages are the HTML pages of a build of the test project fixture: the fixed pages
// (the current notice's), the lists of rounds and of notices, each notice's overview and its
// own pages, one page per round, and the 404 page.
func fixturePages(fixture string) []string {
	paths := slices.Clone(fixedPages)
	for _, n := range fixtureRounds[fixture] {
		paths = append(paths, "/"+permalink.Notice(n.id))
		for _, page := range []string{permalink.Schedule, permalink.Process, permalink.Fees, permalink.Groups, permalink.Contacts, permalink.Source} {
			paths = append(paths, "/"+permalink.NoticePage(n.id, page))
		}
		for _, r := range n.rounds {
			paths = append(paths, "/"+permalink.Round(r))
		}
	}
	return paths
}

// pages lists the pages of the site built in out, and fails the test unless they are
// exactly those of the test project fixture.
func pages(t *testing.T, out, fixture string) []string {
	t.Helper()
	all := testkit.Pages(t, out)
	if got, want := slices.Sorted(slices.Values(all)), slices.Sorted(slices.Values(fixturePages(fixture))); !slices.Equal(got, want) {
		t.Fatalf("the site has the pages %v; want %v", got, want)
	}
	return all
}

func TestBuild(t *testing.T) {
	out, sum, log := buildkit.Build(t, testkit.Project(t, testkit.Notice))
	if sum.Notices != 1 || sum.Rounds != 2 || sum.Milestones != 22 || sum.Warnings != 1 {
		t.Errorf("summary %s: want 1 notice, 2 rounds, 22 milestones, 1 warning", sum)
	}
	if !strings.Contains(log, "第二次统考: the table's 报名截止 2025-05-31 differs") {
		t.Errorf("the registration warning is not printed:\n%s", log)
	}
	pages(t, out, testkit.Notice)
	for url, wants := range map[string][]string{
		"/":                {"第一次统考", "第二次统考", "2025-05-08", "4月24日（周四）", "4月25日（周五）", "6月3日（周二）", "123456789", "987654321"},
		permalink.Schedule: {"第二次统考", "2025-06-13", "6月13日（周五）", "10:00–12:30", "987654321"},
		permalink.Round("2025h1-1"): {
			"第一次统考", "4月24日（周四）", "4月25日（周五）", "5月1日（周四）", "5月3日（周六）", "5月8日（周四）", "5月9日（周五）",
			"14:00–15:00", "15:30–18:00", "08:30–09:30", "10:00–12:30", "5月19日（周一）", "5月23日（周五）", "5月28日（周三）", "123456789",
		},
		permalink.Round("2025h1-2"): {"第二次统考", "5月31日（周六）", "6月3日（周二）", "6月12日（周四）", "6月13日（周五）", "7月2日（周三）", "987654321"},
		permalink.Contacts:          {"张老师", "13800000001", "李老师", "13900000002", "15000000003", "赵老师", "025-80000000", "钱老师", "13700000004"},
		permalink.Fees:              {"300 元/人次", "320 元/人次", "350 元/人次", "4月25日（周五）", "6月3日（周二）", "12345678901234567"},
		"404.html":                  {"找不到这个页面"},
	} {
		page := testkit.Served(t, out, url)
		for _, w := range wants {
			if !strings.Contains(page, w) {
				t.Errorf("/%s does not show %q", url, w)
			}
		}
	}
}

// Two builds of the same input on the same day (SOURCE_DATE_EPOCH), from two copies of the
// project as `make verify` makes them, give the same bytes, file for file.
func TestReproducible(t *testing.T) {
	buildkit.Today(t, "2025-09-06T12:00:00+08:00")
	a, _, _ := buildkit.Build(t, testkit.Project(t, testkit.Two))
	b, _, _ := buildkit.Build(t, testkit.Project(t, testkit.Two))
	ta, tb := testkit.Tree(t, a), testkit.Tree(t, b)
	if len(ta) == 0 {
		t.Fatal("empty build")
	}
	if written, deleted := testkit.Diff(ta, tb); len(written)+len(deleted) > 0 {
		t.Errorf("builds differ in %v and %v", written, deleted)
	}
}

// A site folder of only its data/ and hugo.toml builds with the theme, the content pages and
// the default configuration the binary carries: the same bytes as a folder with its own
// (this repository). Where a folder has its own theme or content pages, those are used.
func TestSiteFolder(t *testing.T) {
	buildkit.Today(t, "2025-09-06T12:00:00+08:00")
	bare := testkit.Project(t, testkit.Two)
	for _, own := range []string{"themes", "content"} {
		if err := os.RemoveAll(filepath.Join(bare, own)); err != nil {
			t.Fatal(err)
		}
	}
	want, _, _ := buildkit.Build(t, testkit.Project(t, testkit.Two))
	got, _, _ := buildkit.Build(t, bare)
	if written, deleted := testkit.Diff(testkit.Tree(t, want), testkit.Tree(t, got)); len(written)+len(deleted) > 0 {
		t.Errorf("the folder of data only builds another site: it differs in %v and lacks %v", written, deleted)
	}

	own := testkit.Project(t, testkit.Notice)
	testkit.Edit(t, own, "themes/notice/i18n/zh-CN.yaml", `notFoundTitle: "找不到这个页面"`, `notFoundTitle: "本站自己的主题"`)
	testkit.Edit(t, own, "content/schedule.md", "title: 考试安排", "title: 本站自己的页面")
	out, _, _ := buildkit.Build(t, own)
	for page, want := range map[string]string{"404.html": "本站自己的主题", permalink.Schedule: "本站自己的页面"} {
		if !strings.Contains(testkit.Served(t, out, page), want) {
			t.Errorf("/%s does not show %q: the folder's own theme and content are not used", page, want)
		}
	}
}

// A failing build, for bad data or a broken template, leaves the published site as it was
// and no staging directory behind.
func TestFailedBuildKeepsPublished(t *testing.T) {
	out, _, _ := buildkit.Build(t, testkit.Project(t, testkit.Notice))
	before := testkit.Tree(t, out)
	for _, br := range []struct {
		name, file, old, new, want string
	}{
		{"bad data", "data/notices/2025h1/rounds.yaml", "date: 2025-05-08\n        weekday: 周四", "date: 2025-05-08\n        weekday: 周五", "rounds.yaml:12:18: weekday label 周五 does not match 2025-05-08"},
		{"template error", "themes/notice/layouts/home.html", `{{ define "main" }}`, `{{ define "main" }}{{ .NoSuchMethod }}`, "home.html"},
	} {
		t.Run(br.name, func(t *testing.T) {
			root := testkit.Project(t, testkit.Notice)
			testkit.Edit(t, root, br.file, br.old, br.new)
			_, _, err := buildkit.Run(root, pipeline.Options{Out: out})
			if err == nil || !strings.Contains(err.Error(), br.want) {
				t.Fatalf("error %v, want one naming %q", err, br.want)
			}
			testkit.Unchanged(t, out, before)
		})
	}
}

// A site folder and an output directory given as relative paths, as `make verify` and a
// user in another folder give them, build the same site as absolute ones.
func TestRelativePaths(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	abs, _, _ := buildkit.Build(t, root)
	t.Chdir(filepath.Dir(root))
	rel := filepath.Join(filepath.Base(root), "relative-public")
	if _, log, err := buildkit.Run(filepath.Base(root), pipeline.Options{Out: rel}); err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if written, deleted := testkit.Diff(testkit.Tree(t, abs), testkit.Tree(t, rel)); len(written)+len(deleted) > 0 {
		t.Errorf("the relative build differs in %v and %v", written, deleted)
	}
}

// A build for a local address warns that its QR codes and links only work on this machine
// (which addresses are local: package project's TestBaseURL).
func TestLocalBaseURLWarns(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	sum, log, err := buildkit.Run(root, pipeline.Options{Out: filepath.Join(t.TempDir(), "p"), BaseURL: "http://127.0.0.1:8080/"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log, "warning: base URL http://127.0.0.1:8080/ is local") {
		t.Errorf("no localhost warning in:\n%s", log)
	}
	if sum.BaseURL != "http://127.0.0.1:8080/" {
		t.Errorf("the summary says the site is for %s", sum.BaseURL)
	}
}
