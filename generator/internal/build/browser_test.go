package build_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// The browser tests drive Debian's Chromium against a fresh build served on 127.0.0.1.
// `make test` installs chromium (and CJK fonts, and poppler-utils for reading the printed
// PDF back) when they are missing; in CI a missing browser fails the tests.

const (
	phoneWidth  = 390
	phoneHeight = 844
	wechatUA    = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN"
)

// site is a built site served on loopback, and a browser to look at it.
type siteUnderTest struct {
	out     string // the built public directory
	base    string // http://127.0.0.1:port
	browser context.Context
}

// startSite builds the test notice into a temporary directory and serves it on 127.0.0.1 the
// way a static web server would: index.html for directories, 404.html for anything missing,
// text/calendar for .ics.
func startSite(t *testing.T) *siteUnderTest {
	t.Helper()
	chrome := testkit.Tool(t, "chromium")
	out, _, _ := buildkit.Build(t, testkit.Project(t, testkit.Notice))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: staticHandler(out)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	// Chromium may still write to its profile while the test cleans up: remove it ourselves.
	profile, err := os.MkdirTemp("", "chromium-profile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(profile) })
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(profile) })
	if err := chromedp.Run(browser); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return &siteUnderTest{out: out, base: "http://" + ln.Addr().String(), browser: browser}
}

func staticHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(r.URL.Path))
		if info, err := os.Stat(p); err != nil || (info.IsDir() && !exists(filepath.Join(p, "index.html"))) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Write(b)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".ics") {
			w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		}
		files.ServeHTTP(w, r)
	})
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// visit is what one page load showed.
type visit struct {
	status   int64
	problems []string // console errors, exceptions, failed loads, requests to other hosts
}

// tab opens a new tab with the given viewport, user agent and JavaScript setting.
func (s *siteUnderTest) tab(t *testing.T, width, height int64, mobile bool, ua string, noJS bool) (context.Context, *visitLog) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(s.browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTimeout)
	vl := &visitLog{base: s.base}
	chromedp.ListenTarget(ctx, vl.listen)
	actions := []chromedp.Action{
		network.Enable(),
		cdplog.Enable(),
		emulation.SetDeviceMetricsOverride(width, height, 1, mobile),
	}
	if ua != "" {
		actions = append(actions, emulation.SetUserAgentOverride(ua))
	}
	if noJS {
		actions = append(actions, emulation.SetScriptExecutionDisabled(true))
	}
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
	return ctx, vl
}

type visitLog struct {
	mu       sync.Mutex
	base     string
	problems []string
}

func (v *visitLog) add(format string, args ...any) {
	v.mu.Lock()
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
	v.mu.Unlock()
}

func (v *visitLog) take() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	p := v.problems
	v.problems = nil
	return p
}

func (v *visitLog) listen(ev any) {
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(e.Request.URL)
		if err != nil || (u.Scheme != "data" && "http://"+u.Host != v.base) {
			v.add("request to another host: %s", e.Request.URL)
		}
	case *network.EventLoadingFailed:
		v.add("loading failed: %s %s", e.ErrorText, e.BlockedReason)
	case *network.EventResponseReceived:
		if e.Response.Status >= 400 && e.Type != network.ResourceTypeDocument {
			v.add("%d for %s", e.Response.Status, e.Response.URL)
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.APITypeError || e.Type == runtime.APITypeWarning {
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value))
			}
			v.add("console %s: %s", e.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		v.add("exception: %s", e.ExceptionDetails.Error())
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.LevelError || e.Entry.Level == cdplog.LevelWarning {
			v.add("log %s: %s %s", e.Entry.Level, e.Entry.Text, e.Entry.URL)
		}
	}
}

func (s *siteUnderTest) open(t *testing.T, ctx context.Context, vl *visitLog, path string) visit {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(s.base+path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	// Let deferred scripts and late errors arrive.
	if err := chromedp.Run(ctx, chromedp.WaitReady("body"), chromedp.Sleep(100*time.Millisecond)); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return visit{status: resp.Status, problems: vl.take()}
}

// eval evaluates the JavaScript expression js in the tab ctx.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	var v T
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &v)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func TestBrowser(t *testing.T) {
	s := startSite(t)
	all := pages(t, s.out)

	t.Run("every page loads cleanly on a phone", func(t *testing.T) {
		ctx, vl := s.tab(t, phoneWidth, phoneHeight, true, "", false)
		for _, p := range all {
			v := s.open(t, ctx, vl, p)
			want := int64(200)
			if p == "/404.html" {
				want = 200 // served as a file; the missing-page case is checked below
			}
			if v.status != want {
				t.Errorf("%s: status %d", p, v.status)
			}
			for _, prob := range v.problems {
				t.Errorf("%s: %s", p, prob)
			}
			if eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`) {
				t.Errorf("%s scrolls sideways at %d px: content is %s px wide", p, phoneWidth,
					eval[string](t, ctx, `String(document.documentElement.scrollWidth)`))
			}
		}
		v := s.open(t, ctx, vl, "/no/such/page/")
		if v.status != 404 || !eval[bool](t, ctx, `document.body.innerText.includes("找不到这个页面")`) {
			t.Errorf("a missing page: status %d without the 404 page", v.status)
		}
	})

	t.Run("WCAG 2.1 AA by axe-core", func(t *testing.T) {
		axe, err := os.ReadFile(testkit.Tool(t, "node_modules/axe-core/axe.min.js"))
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []struct {
			width, height int64
			mobile        bool
		}{{phoneWidth, phoneHeight, true}, {1280, 800, false}} {
			ctx, vl := s.tab(t, size.width, size.height, size.mobile, "", false)
			for _, p := range all {
				s.open(t, ctx, vl, p)
				var violations []struct {
					ID    string `json:"id"`
					Help  string `json:"help"`
					Nodes []struct {
						Target []any `json:"target"`
					} `json:"nodes"`
				}
				err := chromedp.Run(ctx,
					chromedp.Evaluate(string(axe), nil),
					chromedp.Evaluate(`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`,
						&violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
				if err != nil {
					t.Fatalf("%s: axe: %v", p, err)
				}
				for _, v := range violations {
					var where []string
					for _, n := range v.Nodes {
						where = append(where, fmt.Sprint(n.Target...))
					}
					t.Errorf("%s at %d px: %s (%s) at %s", p, size.width, v.ID, v.Help, strings.Join(where, ", "))
				}
			}
		}
	})

	t.Run("province picker", func(t *testing.T) {
		ctx, vl := s.tab(t, phoneWidth, phoneHeight, true, "", false)
		s.open(t, ctx, vl, "/contacts/")
		got := eval[string](t, ctx, `(() => {
			const sel = document.getElementById("province");
			sel.value = "苏";
			sel.dispatchEvent(new Event("change"));
			return document.getElementById("province-result").innerText;
		})()`)
		if !strings.Contains(got, "江苏省") || !strings.Contains(got, "张老师") || !strings.Contains(got, "13800000001") {
			t.Errorf("江苏 shows %q, want 张老师 13800000001", got)
		}
		if !eval[bool](t, ctx, `document.querySelector("#province-result a[href='tel:13800000001']") !== null`) {
			t.Error("the contact's number is not a tap-to-call link")
		}
	})

	t.Run("WeChat in-app browser hint", func(t *testing.T) {
		ctx, vl := s.tab(t, phoneWidth, phoneHeight, true, wechatUA, false)
		s.open(t, ctx, vl, "/subscribe/")
		if !eval[bool](t, ctx, `(() => { const e = document.getElementById("inapp"); return !e.hidden && e.offsetHeight > 0 && e.innerText.includes("在浏览器打开"); })()`) {
			t.Error("no open-in-browser hint with a WeChat user agent")
		}
		if !eval[bool](t, ctx, `document.querySelector("#inapp code").innerText.startsWith("https://")`) {
			t.Error("the hint has no https link to copy")
		}
		plain, vl2 := s.tab(t, phoneWidth, phoneHeight, true, "", false)
		s.open(t, plain, vl2, "/subscribe/")
		if eval[bool](t, plain, `document.getElementById("inapp").offsetHeight > 0`) {
			t.Error("the in-app hint shows in an ordinary browser")
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		ctx, vl := s.tab(t, phoneWidth, phoneHeight, true, "", true)
		checks := map[string][]string{
			"/" + permalink.Schedule: {
				"5月8日（周四）", "5月9日（周五）", "6月12日（周四）", "6月13日（周五）", "4月24日（周四）", "4月25日（周五）", "5月31日（周六）", "6月3日（周二）",
				"14:00–15:00", "15:30–18:00", "08:30–09:30", "10:00–12:30", "123456789", "987654321",
			},
			"/" + permalink.Round("2025h1-1"): {
				"4月24日（周四）", "4月25日（周五）", "5月1日（周四）", "5月3日（周六）", "5月8日（周四）", "5月9日（周五）",
				"14:00–15:00", "15:30–18:00", "08:30–09:30", "10:00–12:30", "5月19日（周一） 至 5月23日（周五）", "5月28日（周三）", "123456789",
			},
			"/" + permalink.Contacts: {"上海市、江苏省", "张老师", "13800000001", "13900000002", "15000000003", "025-80000000", "13700000004"},
		}
		for path, wants := range checks {
			s.open(t, ctx, vl, path)
			var text string
			if err := chromedp.Run(ctx, chromedp.Text("main", &text, chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			for _, w := range wants {
				if !strings.Contains(text, w) {
					t.Errorf("%s without JavaScript does not show %q", path, w)
				}
			}
		}
	})

	t.Run("schedule prints on one A4 page", func(t *testing.T) {
		ctx, vl := s.tab(t, 1280, 900, false, "", false)
		s.open(t, ctx, vl, "/schedule/")
		var pdf []byte
		err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).WithPaperWidth(8.27).WithPaperHeight(11.69).Do(ctx)
			return err
		}))
		if err != nil {
			t.Fatal(err)
		}
		dir := screenshotDir(t)
		pdfPath := filepath.Join(dir, "schedule-print.pdf")
		if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		info := pdftool(t, "pdfinfo", pdfPath)
		if !regexp.MustCompile(`(?m)^Pages:\s+1$`).MatchString(info) {
			t.Errorf("the printed schedule is not one page:\n%s", info)
		}
		if !strings.Contains(info, "594.96 x 841.92 pts (A4)") {
			t.Errorf("the printed schedule is not A4 portrait:\n%s", info)
		}
		text := pdftool(t, "pdftotext", "-layout", pdfPath, "-")
		text = strings.Join(strings.Fields(text), " ")
		for _, w := range []string{
			"第一次统考", "第二次统考",
			"5月8日（周四）", "5月9日（周五）", "6月12日（周四）", "6月13日（周五）", // exam days
			"4月24日（周四）", "5月31日（周六）", // registration deadlines
			"4月25日（周五）", "6月3日（周二）", // fee deadlines
			"14:00–15:00", "15:30–18:00", "08:30–09:30", "10:00–12:30",
			"123456789", "987654321",
			"exam-notice.example.com", "数据更新", "2025-03-01", "示例培训评价组织有限公司",
		} {
			if !strings.Contains(text, w) {
				t.Errorf("the printed schedule lacks %q", w)
			}
		}
		for _, hidden := range []string{"打印本页", "联系方式"} {
			if strings.Contains(text, hidden) {
				t.Errorf("the printed schedule shows %q (navigation and buttons are hidden in print)", hidden)
			}
		}
		images := pdftool(t, "pdfimages", "-list", pdfPath)
		if strings.Count(images, "\n") < 3 { // header, rule, and at least the site QR
			t.Errorf("the printed schedule carries no QR image:\n%s", images)
		}
	})

	t.Run("screenshots", func(t *testing.T) {
		dir := screenshotDir(t)
		for _, size := range []struct {
			name          string
			width, height int64
			mobile        bool
		}{{"phone", phoneWidth, phoneHeight, true}, {"desktop", 1280, 800, false}} {
			ctx, vl := s.tab(t, size.width, size.height, size.mobile, "", false)
			for name, path := range map[string]string{"home": "/", "schedule": "/schedule/", "round-2025h1-1": "/" + permalink.Round("2025h1-1")} {
				s.open(t, ctx, vl, path)
				var png []byte
				if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name+"-"+size.name+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}

// screenshotDir is test-output/screenshots at the project root, for a person to look at.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(testkit.Root(), "test-output", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func pdftool(t *testing.T, name string, args ...string) string {
	t.Helper()
	path := testkit.Tool(t, name)
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}
