package desk

import (
	"bytes"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
)

// running is a desk serving a project on 127.0.0.1, and a client that opened it.
type running struct {
	d      *Desk
	root   string
	base   string // http://127.0.0.1:port
	client *http.Client
}

// importedNotice is the notice of 2024h2 as the issuer sent it (the importer's fixture).
var importedNotice = filepath.Join("..", "importer", "testdata", "handmade", "2024h2", "notice-2024h2.txt")

// startDesk serves a desk for a new project with the notice of 2024h2 imported.
func startDesk(t testing.TB) *running {
	t.Helper()
	root := testkit.Empty(t)
	day, _ := data.ParseDate("2026-12-07")
	if _, err := importer.Import(importer.Options{Root: root, File: importedNotice, Updated: day}); err != nil {
		t.Fatal(err)
	}
	return serve(t, root, func() (data.Date, error) { return day, nil })
}

// serve serves a desk for the project root, and opens it with its token (the client keeps
// the cookie).
func serve(t testing.TB, root string, today func() (data.Date, error)) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(Options{Root: root, Today: today}, ln, pl)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: d.Handler()}
	psrv := &http.Server{Handler: d.PreviewHandler()}
	go srv.Serve(ln)
	go psrv.Serve(pl)
	t.Cleanup(func() { srv.Close(); psrv.Close() })
	jar, _ := cookiejar.New(nil)
	r := &running{d: d, root: root, base: "http://" + ln.Addr().String(), client: &http.Client{Jar: jar}}
	if code, _ := r.get(t, d.URL(), nil); code != http.StatusOK {
		t.Fatalf("opening the desk with its token: %d", code)
	}
	return r
}

func (r *running) get(t testing.TB, u string, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r.do(t, req, header)
}

func (r *running) do(t testing.TB, req *http.Request, header http.Header) (int, string) {
	t.Helper()
	for k, v := range header {
		req.Header[k] = v
	}
	if h := header.Get("Host"); h != "" {
		req.Host = h
	}
	resp, err := r.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post sends form (and a file as "notice", when given) as the desk's pages do, with header.
func (r *running) post(t testing.TB, path string, form url.Values, file []byte, header http.Header) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("notice", "通知.txt")
		fw.Write(file)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, r.base+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return r.do(t, req, header)
}

func origin(r *running) http.Header { return http.Header{"Origin": {r.base}} }

// TestSecurity: the desk refuses whatever does not come from its own page with its token,
// and a GET changes nothing.
func TestSecurity(t *testing.T) {
	r := startDesk(t)
	token := url.Values{"token": {r.d.token}}
	pick := url.Values{"token": {r.d.token}, "pick": {"2024h2-3"}, "action": {"cancel"}}
	before := testkit.Files(t, project.Layout{Root: r.root}.Data())
	stranger := &http.Client{}
	tests := []struct {
		name string
		do   func() (int, string)
		code int
		want string
	}{
		{"no token", func() (int, string) {
			resp, err := stranger.Get(r.base + "/")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}, http.StatusForbidden, "请用工作台启动时显示的地址"},
		{"a wrong token", func() (int, string) {
			resp, err := stranger.Get(r.base + "/?token=0123")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			return resp.StatusCode, ""
		}, http.StatusForbidden, ""},
		{"a foreign Host (DNS rebinding)", func() (int, string) {
			return r.get(t, r.base+"/", http.Header{"Host": {"exam.attacker.example:" + strings.Split(r.base, ":")[2]}})
		}, http.StatusForbidden, "工作台只接受"},
		{"a cross-origin POST", func() (int, string) {
			return r.post(t, "/cancel/confirm", pick, nil, http.Header{"Origin": {"http://exam.attacker.example"}})
		}, http.StatusForbidden, "改动只能从工作台自己的页面提交"},
		{"a POST without Origin", func() (int, string) { return r.post(t, "/cancel/confirm", pick, nil, nil) }, http.StatusForbidden, ""},
		{"a POST without the token", func() (int, string) {
			return r.post(t, "/cancel/confirm", url.Values{"pick": {"2024h2-3"}}, nil, origin(r))
		}, http.StatusForbidden, "缺少工作台的 token"},
		{"a GET that would cancel", func() (int, string) {
			return r.get(t, r.base+"/cancel/confirm?pick=2024h2-3&action=cancel&token="+r.d.token, nil)
		}, http.StatusMethodNotAllowed, ""},
		{"a GET that would import", func() (int, string) { return r.get(t, r.base+"/import/confirm?upload=x", nil) }, http.StatusMethodNotAllowed, ""},
		{"an upload over the limit", func() (int, string) {
			return r.post(t, "/import", token, bytes.Repeat([]byte("x"), maxUpload+1), origin(r))
		}, http.StatusRequestEntityTooLarge, "文件太大"},
		{"the preview without the token", func() (int, string) {
			resp, err := stranger.Get("http://" + r.d.preview + "/")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			return resp.StatusCode, ""
		}, http.StatusForbidden, ""},
		{"a page with the token", func() (int, string) { return r.get(t, r.base+"/", nil) }, http.StatusOK, "当前通知"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := tc.do()
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("got %d %q; want %d saying %q", code, firstLine(body), tc.code, tc.want)
			}
		})
	}
	if !reflect.DeepEqual(testkit.Files(t, project.Layout{Root: r.root}.Data()), before) {
		t.Error("a refused request changed data/")
	}
	// What the same requests do from the desk's own page: the cancel is shown, then written.
	if code, body := r.post(t, "/cancel", pick, nil, origin(r)); code != http.StatusOK || !strings.Contains(body, "取消 第三次统考（2024h2-3）") {
		t.Errorf("the desk's own cancel: %d\n%s", code, body)
	}
	if !reflect.DeepEqual(testkit.Files(t, project.Layout{Root: r.root}.Data()), before) {
		t.Error("showing a cancel changed data/")
	}
	if code, body := r.post(t, "/cancel/confirm", pick, nil, origin(r)); code != http.StatusOK || !strings.Contains(body, "已写入") {
		t.Errorf("the desk's own confirmed cancel: %d\n%s", code, body)
	}
}

// TestHeaders: every page sends the strict Content-Security-Policy and loads nothing from
// elsewhere.
func TestHeaders(t *testing.T) {
	r := startDesk(t)
	for _, p := range []string{"/", "/import", "/amend", "/cancel", "/preview", "/publish"} {
		req, _ := http.NewRequest(http.MethodGet, r.base+p, nil)
		resp, err := r.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") != csp {
			t.Errorf("%s: %d, CSP %q", p, resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
		}
		if m := elsewhere.FindString(string(b)); m != "" {
			t.Errorf("%s refers to another site: %s", p, m)
		}
	}
}

// TestLoopbackOnly: the desk will not listen on any address but 127.0.0.1.
func TestLoopbackOnly(t *testing.T) {
	any, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	defer any.Close()
	lo, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer lo.Close()
	if _, err := New(Options{Root: t.TempDir()}, any, lo); err == nil || !strings.Contains(err.Error(), "127.0.0.1 only") {
		t.Errorf("a desk on 0.0.0.0: %v", err)
	}
	if _, err := New(Options{Root: t.TempDir()}, lo, any); err == nil {
		t.Error("a preview on 0.0.0.0: no error")
	}
}

// elsewhere is a reference to another host than the desk's own machine.
var elsewhere = regexp.MustCompile(`(?:src|href|action)="(?:https?:)?//(?:[^1"]|1[^2]|12[^7])[^"]*"`)

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// TestUndo: what the desk writes, its next action 撤销 puts back — a cancel (the notice's
// folder byte for byte as before) and an import (the folder gone).
func TestUndo(t *testing.T) {
	r := startDesk(t)
	folder := filepath.Join(r.root, "data", "notices", "2024h2")
	before := testkit.Files(t, folder)
	pick := url.Values{"token": {r.d.token}, "pick": {"2024h2-3.exam-1-theory"}, "action": {"cancel"}, "note": {"考点调整"}}
	if code, body := r.post(t, "/cancel/confirm", pick, nil, origin(r)); code != http.StatusOK || !strings.Contains(body, "撤销这次改动") {
		t.Fatalf("the cancel: %d\n%s", code, body)
	}
	if reflect.DeepEqual(testkit.Files(t, folder), before) {
		t.Fatal("the cancel changed nothing")
	}
	undo := url.Values{"token": {r.d.token}, "notice": {"2024h2"}}
	if code, body := r.post(t, "/undo", undo, nil, origin(r)); code != http.StatusOK || !strings.Contains(body, "已撤销") {
		t.Fatalf("the undo: %d\n%s", code, body)
	}
	if !reflect.DeepEqual(testkit.Files(t, folder), before) {
		t.Error("the undo did not put the notice's folder back")
	}
	if _, body := r.post(t, "/undo", undo, nil, origin(r)); !strings.Contains(body, "没有可以撤销的改动") {
		t.Errorf("a second undo:\n%s", body)
	}

	// An import through the page, undone.
	if err := os.RemoveAll(folder); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(importedNotice)
	if err != nil {
		t.Fatal(err)
	}
	_, body := r.post(t, "/import", url.Values{"token": {r.d.token}}, text, origin(r))
	m := regexp.MustCompile(`name="upload" value="([0-9a-f]{32})"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no upload to confirm:\n%s", body)
	}
	if _, body := r.post(t, "/import/confirm", url.Values{"token": {r.d.token}, "upload": {m[1]}}, nil, origin(r)); !strings.Contains(body, "已写入新通知") {
		t.Fatalf("the import:\n%s", body)
	}
	if _, err := os.Stat(folder); err != nil {
		t.Fatal("imported, but no folder")
	}
	if _, body := r.post(t, "/undo", undo, nil, origin(r)); !strings.Contains(body, "已撤销通知 2024h2 的导入") {
		t.Errorf("the import's undo:\n%s", body)
	}
	if _, err := os.Stat(folder); err == nil {
		t.Error("the import's undo left the folder")
	}
}
