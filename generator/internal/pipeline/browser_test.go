package pipeline_test

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
	"examnotice/generator/internal/testkit/browserkit"
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

// startSite builds the test project fixture into a temporary directory and serves it on
// 127.0.0.1 the way a static web server would: index.html for directories, 404.html for
// anything missing, text/calendar for .ics.
func startSite(t *testing.T, fixture string) *siteUnderTest {
	t.Helper()
	testkit.Tool(t, "chromium") // before the build: skip early where there is none
	out, _, _ := buildkit.Build(t, testkit.Project(t, fixture))
	return serveSite(t, out)
}

// serveSite serves the site built in out as startSite does, with a browser to look at it.
func serveSite(t *testing.T, out string) *siteUnderTest {
	t.Helper()
	testkit.Tool(t, "chromium") // skip early where there is none
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: staticHandler(out)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	browser := browserkit.Start(t)
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

// tab opens a new tab with the given viewport, user agent and JavaScript setting. With at (an
// instant in RFC 3339), the device's clock says that instant to the page's scripts.
func (s *siteUnderTest) tab(t *testing.T, width, height int64, mobile bool, ua string, noJS bool, at ...string) (context.Context, *visitLog) {
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
	for _, instant := range at {
		tm, err := time.Parse(time.RFC3339, instant)
		if err != nil {
			t.Fatal(err)
		}
		actions = append(actions, chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(fmt.Sprintf("Date.now = () => %d;", tm.UnixMilli())).Do(ctx)
			return err
		}))
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

// builtOn is the day the browser tests' site is built for (SOURCE_DATE_EPOCH): between the
// registration deadline (09-04) and the fee deadline (09-09) of 2025h2-3.
const builtOn = "2025-09-06T12:00:00+08:00"

// TestBrowser looks at the site of the two notices, built on builtOn: 2025h2 is current,
// 2025h1 names it as its successor.
func TestBrowser(t *testing.T) {
	buildkit.Today(t, builtOn)
	s := startSite(t, testkit.Two)
	all := pages(t, s.out, testkit.Two)

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

	t.Run("WCAG 2.1 AA by axe-core", func(t *testing.T) { s.checkWCAG(t, all) })

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
		h2 := []string{
			"9月18日（周四）", "9月19日（周五）", "11月13日（周四）", "11月14日（周五）", "9月4日（周四）", "9月9日（周二）", "10月30日（周四）", "11月4日（周二）",
			"14:00–15:00", "15:30–18:00", "08:30–09:30", "10:00–12:30", "222333444", "555666777",
		}
		successor := "本通知已由《关于2025年示例证书下半年统考有关工作的通知》接替，最新安排见2025年下半年 示例证书 统考。"
		checks := map[string][]string{
			"/":                      {"第三次统考", "（已截止）", "（还有 3 天）", "第四次统考", "（还有 54 天）", "（还有 59 天）", "9月18日（周四）", "11月14日（周五）", "9月9日（周二）", "群号 222333444", "群号 555666777"},
			"/" + permalink.Schedule: h2,
			"/" + permalink.Round("2025h1-1"): {
				successor,
				"4月24日（周四）", "4月25日（周五）", "5月1日（周四）", "5月3日（周六）", "5月8日（周四）", "5月9日（周五）",
				"14:00–15:00", "15:30–18:00", "08:30–09:30", "10:00–12:30", "5月19日（周一） 至 5月23日（周五）", "5月28日（周三）", "123456789",
			},
			"/" + permalink.NoticePage("2025h1", permalink.Schedule): {
				successor, "5月8日（周四）", "5月9日（周五）", "6月12日（周四）", "6月13日（周五）", "4月24日（周四）", "5月31日（周六）", "123456789", "987654321",
			},
			"/" + permalink.Notice("2025h1"): {successor, "本通知的各次统考均已结束"},
			"/" + permalink.Contacts:         {"上海市、江苏省", "张老师", "13800000001", "13900000002", "15000000003", "025-80000000", "13700000004"},
		}
		for path, wants := range checks {
			s.open(t, ctx, vl, path)
			var text string // what is shown: innerText leaves out what [hidden] hides
			if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector("main").innerText`, &text)); err != nil {
				t.Fatal(err)
			}
			text = strings.Join(strings.Fields(text), " ")
			for _, w := range wants {
				if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("%s without JavaScript does not show %q", path, w)
				}
			}
		}
		// The current notice is not over: its next round leads, badged; its "all past" note
		// is not shown.
		s.open(t, ctx, vl, "/")
		if got := eval[string](t, ctx, `[...document.querySelectorAll("#rounds > li")].map(li => li.querySelector("h2 a").textContent + (li.classList.contains("next") ? "*" : "") + (li.querySelector(".badge").offsetHeight > 0 ? "!" : "")).join(" ")`); got != "第三次统考*! 第四次统考" {
			t.Errorf("the home page without JavaScript lists the rounds %q; want 第三次统考 first, marked next with its badge shown", got)
		}
		if eval[bool](t, ctx, `document.getElementById("all-past").offsetHeight > 0`) {
			t.Error("the home page without JavaScript says the current notice is over")
		}
	})

	t.Run("site.js recomputes the day", func(t *testing.T) {
		// On the day of the build the script writes what the build wrote; on a later day of
		// the device it writes that day's.
		state := `JSON.stringify({left: [...document.querySelectorAll(".days-left")].map(e => e.className + " " + e.textContent),
			cards: [...document.querySelectorAll("#rounds > li")].map(li => li.querySelector("h2 a").textContent + (li.classList.contains("next") ? "*" : "") + (li.querySelector(".badge").hidden ? "" : "!")),
			over: !!document.getElementById("all-past") && !document.getElementById("all-past").hidden})`
		built, vlBuilt := s.tab(t, phoneWidth, phoneHeight, true, "", true)
		same, vlSame := s.tab(t, phoneWidth, phoneHeight, true, "", false, builtOn)
		for _, p := range []string{"/", "/" + permalink.Fees, "/" + permalink.Round("2025h2-3"), "/" + permalink.Notice("2025h1"), "/" + permalink.Round("2025h2-4")} {
			s.open(t, built, vlBuilt, p)
			v := s.open(t, same, vlSame, p)
			for _, prob := range v.problems {
				t.Errorf("%s: %s", p, prob)
			}
			if a, b := eval[string](t, built, state), eval[string](t, same, state); a != b {
				t.Errorf("%s: site.js on the day of the build shows\n%s\nthe build without it\n%s", p, b, a)
			}
		}
		for _, c := range []struct{ at, want string }{
			// 2025h2-3's fee deadline passed; 2025h2-4's registration in 50 days.
			{"2025-09-10T09:00:00+08:00", `{"left":["days-left closed （已截止）","days-left closed （已截止）","days-left open （还有 50 天）","days-left open （还有 55 天）"],"cards":["第三次统考*!","第四次统考"],"over":false}`},
			// 2025h2-4's fee is due today, in China (the device's clock says 11-03 in UTC).
			{"2025-11-03T16:30:00Z", `{"left":["days-left closed （已截止）","days-left open （今天截止）","days-left closed （已截止）","days-left closed （已截止）"],"cards":["第四次统考*!","第三次统考"],"over":false}`},
			// The day after 2025h2's last exam day.
			{"2025-11-15T08:00:00+08:00", `{"left":["days-left closed （已截止）","days-left closed （已截止）","days-left closed （已截止）","days-left closed （已截止）"],"cards":["第三次统考","第四次统考"],"over":true}`},
		} {
			ctx, vl := s.tab(t, phoneWidth, phoneHeight, true, "", false, c.at)
			s.open(t, ctx, vl, "/")
			if got := eval[string](t, ctx, state); got != c.want {
				t.Errorf("the home page on %s shows\n%s\nwant\n%s", c.at, got, c.want)
			}
		}
	})

	t.Run("schedule prints on one A4 page", func(t *testing.T) {
		pdfPath, text := s.printSchedule(t, "schedule-print.pdf")
		for _, w := range []string{
			"2025年下半年 示例证书 统考", "第三次统考", "第四次统考",
			"9月18日（周四）", "9月19日（周五）", "11月13日（周四）", "11月14日（周五）", // exam days
			"9月4日（周四）", "10月30日（周四）", // registration deadlines
			"9月9日（周二）", "11月4日（周二）", // fee deadlines
			"14:00–15:00", "15:30–18:00", "08:30–09:30", "10:00–12:30",
			"222333444", "555666777",
			"exam-notice.example.com", "数据更新", "2025-08-01", "示例培训评价组织有限公司",
		} {
			if !strings.Contains(text, w) {
				t.Errorf("the printed schedule lacks %q", w)
			}
		}
		// Nothing of the earlier notice, nor the days left of the day it was printed.
		for _, hidden := range []string{"打印本页", "联系方式", "第一次统考", "123456789", "2025-03-01", "（已截止）", "（还有"} {
			if strings.Contains(text, hidden) {
				t.Errorf("the printed schedule shows %q (navigation, buttons and the days left are hidden in print; it shows the current notice only)", hidden)
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
			ctx, vl := s.tab(t, size.width, size.height, size.mobile, "", false, builtOn) // as on the day of the build
			for name, path := range map[string]string{
				"home":            "/",
				"schedule":        "/" + permalink.Schedule,
				"schedule-2025h1": "/" + permalink.NoticePage("2025h1", permalink.Schedule),
				"round-2025h1-1":  "/" + permalink.Round("2025h1-1"),
			} {
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

// checkWCAG runs axe-core on each of the pages at a phone's and a desktop's width, and
// reports every WCAG 2.1 AA violation.
func (s *siteUnderTest) checkWCAG(t *testing.T, pages []string) {
	t.Helper()
	for _, size := range []struct {
		width, height int64
		mobile        bool
	}{{phoneWidth, phoneHeight, true}, {1280, 800, false}} {
		ctx, vl := s.tab(t, size.width, size.height, size.mobile, "", false)
		for _, p := range pages {
			s.open(t, ctx, vl, p)
			for _, v := range browserkit.Axe(t, ctx) {
				t.Errorf("%s at %d px: %s", p, size.width, v)
			}
		}
	}
}

// printSchedule prints the current notice's schedule to PDF as a person prints it on A4,
// keeps it as name in screenshotDir, fails the test unless it is exactly one A4 portrait
// page (pdfinfo), and returns its path and its text (pdftotext), runs of space made one.
func (s *siteUnderTest) printSchedule(t *testing.T, name string) (pdfPath, text string) {
	t.Helper()
	ctx, vl := s.tab(t, 1280, 900, false, "", false)
	s.open(t, ctx, vl, "/"+permalink.Schedule) // the current notice's
	var pdf []byte
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).WithPaperWidth(8.27).WithPaperHeight(11.69).Do(ctx)
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	pdfPath = filepath.Join(screenshotDir(t), name)
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
	text = pdftool(t, "pdftotext", "-layout", pdfPath, "-")
	return pdfPath, strings.Join(strings.Fields(text), " ")
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
