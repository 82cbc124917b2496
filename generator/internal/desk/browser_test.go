//go:build withdeploy

package desk

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"gocloud.dev/blob"
	_ "gocloud.dev/blob/s3blob"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/browserkit"
	"examnotice/generator/internal/testkit/storekit"
)

// TestDeskInBrowser does the whole job in Chromium, as staff do: import the notice's .docx
// through the page and confirm it (then find it on 概览 and in data/); re-import its
// corrected version and read the changes before confirming; cancel a session and see it
// 已取消 in the preview; publish with a dry run, then for real, to the S3-compatible server,
// and find the bucket equal to public/. axe-core finds nothing on any page; each is
// screenshot at 1280×800 into test-output/screenshots/desk-*.png.
func TestDeskInBrowser(t *testing.T) {
	gw := testkit.Tool(t, "bin/versitygw")
	browser := browserkit.Start(t)
	root := testkit.Empty(t)
	_, bucketURL := storekit.Start(t, gw)
	testkit.Edit(t, root, "hugo.toml", "[deployment]\n", fmt.Sprintf("[deployment]\n  [[deployment.targets]]\n    name = \"test\"\n    URL = %q\n    baseURL = \"https://exam-notice.example.com/\"\n", bucketURL))
	day, _ := data.ParseDate("2026-12-07")
	r := serve(t, root, func() (data.Date, error) { return day, nil })

	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(1280, 800, 1, false)); err != nil {
		t.Fatal(err)
	}
	shots := filepath.Join(testkit.Root(), "test-output", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	// look checks the page open now with axe and keeps its screenshot.
	look := func(t *testing.T, name string) {
		t.Helper()
		for _, v := range browserkit.Axe(t, ctx) {
			t.Errorf("%s: %s", name, v)
		}
		var png []byte
		if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&png)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, "desk-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(t *testing.T, sel string) string {
		t.Helper()
		var s string
		if err := chromedp.Run(ctx, chromedp.Text(sel, &s, chromedp.ByQuery)); err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	run := func(t *testing.T, actions ...chromedp.Action) {
		t.Helper()
		step, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Run(step, actions...); err != nil {
			var html, loc string
			dump, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			chromedp.Run(dump, chromedp.Location(&loc), chromedp.OuterHTML("html", &html, chromedp.ByQuery))
			t.Fatalf("%v (at %s)\n%s", err, loc, html)
		}
	}
	dataFiles := func() map[string]string { return testkit.Files(t, project.Layout{Root: root}.Data()) }

	t.Run("概览, empty", func(t *testing.T) {
		run(t, chromedp.Navigate(r.d.URL()), chromedp.WaitVisible("main h1"))
		if s := text(t, "main"); !strings.Contains(s, "还没有通知") {
			t.Errorf("概览 of an empty folder:\n%s", s)
		}
		look(t, "overview-empty")
	})
	t.Run("导入新通知", func(t *testing.T) {
		run(t, chromedp.Navigate(r.base+"/import"), chromedp.WaitVisible("#notice"))
		look(t, "import")
		before := dataFiles()
		run(t, chromedp.SetUploadFiles("#notice", []string{testkit.ImporterFixture("notice-2024h2.docx")}, chromedp.ByQuery),
			chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
			chromedp.WaitVisible("pre.report", chromedp.ByQuery))
		report := text(t, "pre.report")
		for _, w := range []string{"还没有写入", "2024h2-4 第四次统考，报名截止 2024-10-12", "推算："} {
			if !strings.Contains(report, w) {
				t.Errorf("the import's preview does not say %q:\n%s", w, report)
			}
		}
		if !maps.Equal(dataFiles(), before) {
			t.Error("reading the notice wrote into data/")
		}
		look(t, "import-read")
		run(t, chromedp.Click("main form button[type=submit]", chromedp.ByQuery), chromedp.WaitVisible("p.ok", chromedp.ByQuery))
		if _, err := os.Stat(filepath.Join(root, "data", "notices", "2024h2", "rounds.yaml")); err != nil {
			t.Fatalf("confirmed, but data/ has no notice: %v", err)
		}
		look(t, "import-done")
		run(t, chromedp.Navigate(r.base+"/"), chromedp.WaitVisible("main table"))
		if s := text(t, "main"); !strings.Contains(s, "2024h2") || !strings.Contains(s, "当前通知") || !strings.Contains(s, "第七次统考") {
			t.Errorf("概览 does not show the notice:\n%s", s)
		}
		look(t, "overview")
	})
	t.Run("发布 once", func(t *testing.T) { publish(t, ctx, r, run, text, look, bucketURL, false) })
	t.Run("更正通知", func(t *testing.T) {
		run(t, chromedp.Navigate(r.base+"/amend"), chromedp.WaitVisible("#notice"))
		look(t, "amend")
		before := dataFiles()
		run(t, chromedp.SetUploadFiles("#notice", []string{testkit.ImporterFixture("amend", "corrected.docx")}, chromedp.ByQuery),
			chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
			chromedp.WaitVisible("ul.changes", chromedp.ByQuery))
		changes := text(t, "ul.changes")
		for _, w := range []string{"第三次统考 理论考试：原定 9月27日（周五） 08:30–09:30，改为 09:00–10:00", "考试费用 高级：300 元 → 310 元"} {
			if !strings.Contains(changes, w) {
				t.Errorf("the changes listed do not say %q:\n%s", w, changes)
			}
		}
		if !maps.Equal(dataFiles(), before) {
			t.Error("reading the correction wrote into data/")
		}
		look(t, "amend-read")
		run(t, chromedp.Click("main form button[type=submit]", chromedp.ByQuery), chromedp.WaitVisible("p.ok", chromedp.ByQuery))
		if b, _ := os.ReadFile(filepath.Join(root, "data", "notices", "2024h2", "rounds.yaml")); !strings.Contains(string(b), `start: "09:00", end: "10:00"`) {
			t.Error("confirmed, but rounds.yaml does not have the new time")
		}
		look(t, "amend-done")
	})
	t.Run("取消场次", func(t *testing.T) {
		run(t, chromedp.Navigate(r.base+"/cancel"), chromedp.WaitVisible("fieldset"))
		look(t, "cancel")
		run(t, chromedp.Click(`input[value="2024h2-4.exam-1-theory"]`, chromedp.ByQuery),
			chromedp.SendKeys("#note", "考点调整", chromedp.ByQuery),
			chromedp.Click(`button[value="cancel"]`, chromedp.ByQuery),
			chromedp.WaitVisible("ul.changes", chromedp.ByQuery))
		if s := text(t, "ul.changes"); !strings.Contains(s, "第四次统考 理论考试：原定 10月25日（周五） 14:00–15:00，已取消") {
			t.Errorf("the cancel shown:\n%s", s)
		}
		look(t, "cancel-read")
		run(t, chromedp.Click("main form button[type=submit]", chromedp.ByQuery), chromedp.WaitVisible("p.ok", chromedp.ByQuery))
	})
	t.Run("预览", func(t *testing.T) {
		run(t, chromedp.Navigate(r.base+"/preview"), chromedp.WaitVisible("main form"))
		run(t, chromedp.Click("main form button[type=submit]", chromedp.ByQuery), chromedp.WaitVisible("#open-preview", chromedp.ByQuery))
		look(t, "preview")
		var href string
		var ok bool
		run(t, chromedp.AttributeValue("#open-preview", "href", &href, &ok, chromedp.ByQuery))
		run(t, chromedp.Navigate(href+"rounds/2024h2-4/"), chromedp.WaitVisible("main"))
		if s := text(t, "#exam-1-theory"); !strings.Contains(s, "已取消") {
			t.Errorf("the preview's round page does not say the session is cancelled:\n%s", s)
		}
	})
	t.Run("发布 again", func(t *testing.T) { publish(t, ctx, r, run, text, look, bucketURL, true) })
}

// publish publishes from 发布 with a dry run first, then for real, and checks the bucket.
func publish(t *testing.T, ctx context.Context, r *running, run func(*testing.T, ...chromedp.Action), text func(*testing.T, string) string, look func(*testing.T, string), bucketURL string, shoot bool) {
	b, err := blob.OpenBucket(context.Background(), bucketURL)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	before := keys(t, b)
	run(t, chromedp.Navigate(r.base+"/publish"), chromedp.WaitVisible("main form"))
	if shoot {
		look(t, "publish")
	}
	run(t, chromedp.Click(`form[action="/publish/dry"] button`, chromedp.ByQuery), chromedp.WaitVisible("#dry-run-done", chromedp.ByQuery))
	if s := text(t, "main"); !strings.Contains(s, "演习结束") || !strings.Contains(s, "dry run") {
		t.Fatalf("the dry run:\n%s", s)
	}
	if !slices.Equal(keys(t, b), before) {
		t.Error("the dry run changed the bucket")
	}
	if shoot {
		look(t, "publish-dry")
	}
	run(t, chromedp.Click(`form[action="/publish"] button`, chromedp.ByQuery), chromedp.WaitVisible("#published", chromedp.ByQuery))
	if s := text(t, "main"); !strings.Contains(s, "发布成功") {
		t.Fatalf("the publish:\n%s", s)
	}
	if shoot {
		look(t, "publish-done")
	}
	site := testkit.Files(t, filepath.Join(r.root, "public"))
	got := keys(t, b)
	if want := slices.Sorted(maps.Keys(site)); !slices.Equal(got, want) {
		t.Fatalf("the bucket holds %d objects, public/ %d files", len(got), len(want))
	}
	for _, k := range got {
		obj, err := b.ReadAll(context.Background(), k)
		if err != nil {
			t.Fatal(err)
		}
		if string(obj) != site[k] {
			t.Errorf("%s: the object is not public/'s file", k)
		}
	}
}

func keys(t *testing.T, b *blob.Bucket) []string {
	t.Helper()
	var out []string
	it := b.List(nil)
	for {
		obj, err := it.Next(context.Background())
		if err != nil {
			break
		}
		out = append(out, obj.Key)
	}
	slices.Sort(out)
	return out
}
