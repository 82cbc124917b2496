// Package desk is the staff's desk (`exam-notice desk`, or the program started with no
// argument): a local web app, in Chinese, for the whole job of publishing a notice — import
// the next notice, correct it, cancel a round or a session, look at the result, publish. It
// is a thin face over the same code as the commands (importer, pipeline, deploy): it adds no
// data format and no second way to do anything, and every action that writes shows what it
// will write first.
//
// Like PocketBase's admin it is one binary serving server-rendered pages with a little
// JavaScript. It listens on 127.0.0.1 only; a random token per start, in the address it
// opens, is kept in a cookie, and every request without it is refused (403), as is a Host
// header that is not the desk's own (DNS rebinding). Every change is a POST carrying the
// token from the desk's own origin. Uploads are limited to the importer's limit and are kept
// under names of the desk's choosing. The pages send a strict Content-Security-Policy and
// load nothing from elsewhere. The preview of the site is served on a second port of
// 127.0.0.1 behind the same token.
package desk

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
)

//go:embed templates/*.html static/*
var files embed.FS

// Options say where the desk works.
type Options struct {
	Root  string                    // the site folder
	Today func() (data.Date, error) // the day of a correction (notice.yaml updated:)
	Log   io.Writer                 // where the desk says its address
}

// Desk is a running desk: its handler, and the address with the token that opens it.
type Desk struct {
	root    string
	token   string
	host    string // 127.0.0.1:port, the only Host accepted
	preview string // 127.0.0.1:port of the preview of the site
	today   func() (data.Date, error)
	pages   *template.Template
	mu      sync.Mutex // one action that writes at a time
	uploads string
}

// cookieName holds the token in the browser.
const cookieName = "exam_notice_desk"

// New makes a desk for the site folder opt.Root on the two listeners: the desk's and the
// preview's (both on 127.0.0.1).
func New(opt Options, desk, preview net.Listener) (*Desk, error) {
	for _, l := range []net.Listener{desk, preview} {
		if a, ok := l.Addr().(*net.TCPAddr); !ok || !a.IP.Equal(net.IPv4(127, 0, 0, 1)) {
			return nil, fmt.Errorf("the desk listens on 127.0.0.1 only, not %s", l.Addr())
		}
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	pages, err := template.New("").Funcs(funcs).ParseFS(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return nil, err
	}
	d := &Desk{root: root, token: hex.EncodeToString(b), host: desk.Addr().String(), preview: preview.Addr().String(), today: opt.Today, pages: pages}
	if d.today == nil {
		d.today = func() (data.Date, error) {
			t, err := project.Today()
			return data.Date{Time: t}, err
		}
	}
	d.uploads = filepath.Join(d.work(), "uploads")
	if err := os.RemoveAll(d.uploads); err != nil {
		return nil, err
	}
	return d, nil
}

// URL is the address that opens the desk: with the token, which the desk then keeps in a
// cookie.
func (d *Desk) URL() string { return "http://" + d.host + "/?token=" + d.token }

// work is the desk's own directory in the site folder's .build/.
func (d *Desk) work() string { return filepath.Join(d.root, ".build", "desk") }

// Handler is the desk.
func (d *Desk) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(files, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", d.overview)
	mux.HandleFunc("GET /import", d.importForm)
	mux.HandleFunc("POST /import", d.importRead)
	mux.HandleFunc("POST /import/confirm", d.importWrite)
	mux.HandleFunc("GET /amend", d.amendForm)
	mux.HandleFunc("POST /amend", d.amendRead)
	mux.HandleFunc("POST /amend/confirm", d.amendWrite)
	mux.HandleFunc("GET /cancel", d.cancelForm)
	mux.HandleFunc("POST /cancel", d.cancelRead)
	mux.HandleFunc("POST /cancel/confirm", d.cancelWrite)
	mux.HandleFunc("POST /undo", d.undo)
	mux.HandleFunc("GET /preview", d.previewPage)
	mux.HandleFunc("POST /preview", d.previewBuild)
	mux.HandleFunc("GET /publish", d.publishPage)
	mux.HandleFunc("POST /publish/dry", d.publishDry)
	mux.HandleFunc("POST /publish", d.publishReal)
	return d.guard(d.host, mux)
}

// PreviewHandler serves the preview of the site (built by the 预览 page) behind the same
// token.
func (d *Desk) PreviewHandler() http.Handler {
	return d.guard(d.preview, http.FileServer(http.Dir(d.previewDir())))
}

func (d *Desk) previewDir() string { return filepath.Join(d.work(), "preview") }

// Serve runs the desk for the site folder opt.Root on 127.0.0.1 until ctx ends: it says its
// address and how to stop it, and opens it with open (the default browser).
func Serve(ctx context.Context, opt Options, open func(url string) error) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	pl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		return err
	}
	d, err := New(opt, ln, pl)
	if err != nil {
		ln.Close()
		pl.Close()
		return err
	}
	servers := []*http.Server{
		{Handler: d.Handler(), ReadHeaderTimeout: 10 * time.Second},
		{Handler: d.PreviewHandler(), ReadHeaderTimeout: 10 * time.Second},
	}
	errs := make(chan error, 2)
	go func() { errs <- servers[0].Serve(ln) }()
	go func() { errs <- servers[1].Serve(pl) }()
	fmt.Fprintf(opt.Log, "统考信息站 工作台已启动，网站文件夹：%s\n在浏览器里打开：%s\n（只有这台电脑能打开；关闭这个窗口或按 Ctrl+C 即停止工作台，已写入的内容不会丢失。）\n", d.root, d.URL())
	if open != nil {
		if err := open(d.URL()); err != nil {
			fmt.Fprintf(opt.Log, "没能自动打开浏览器（%v）：请把上面的地址复制到浏览器里。\n", err)
		}
	}
	select {
	case <-ctx.Done():
	case err = <-errs:
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range servers {
		s.Shutdown(shut)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// csp is the desk's Content-Security-Policy: its own stylesheet and script, nothing else.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// guard lets through only requests for host carrying the token (in the cookie, or in the
// address the desk opened, which sets the cookie), and of those that change something only
// POSTs from the desk's own origin with the token in their form.
func (d *Desk) guard(host string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if host == d.host {
			h.Set("Content-Security-Policy", csp)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin") // no-referrer would make the browser send Origin: null with the forms
		h.Set("Cache-Control", "no-store")
		if r.Host != host {
			forbid(w, "工作台只接受 http://"+host+"/ 这个地址的请求。")
			return
		}
		if t := r.URL.Query().Get("token"); t != "" && r.Method == http.MethodGet && d.valid(t) {
			http.SetCookie(w, &http.Cookie{Name: cookieName, Value: d.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			q := r.URL.Query()
			q.Del("token")
			u := *r.URL
			u.RawQuery = q.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		if c, err := r.Cookie(cookieName); err != nil || !d.valid(c.Value) {
			forbid(w, "请用工作台启动时显示的地址（带 token）打开它；每次启动地址都不同。")
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodPost || host != d.host {
			forbid(w, "这个请求不能改动任何东西。")
			return
		}
		if r.Header.Get("Origin") != "http://"+d.host {
			forbid(w, "改动只能从工作台自己的页面提交。")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		if err := r.ParseMultipartForm(maxUpload); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				d.render(w, http.StatusRequestEntityTooLarge, "error", page{Title: "文件太大", Error: fmt.Sprintf("上传的文件超过 %d MB。通知的 .docx 通常只有几十 KB：请确认选的是发文单位的通知。", maxUpload>>20)})
				return
			}
			d.render(w, http.StatusBadRequest, "error", page{Title: "请求不完整", Error: "没能读取提交的内容（" + err.Error() + "），请重试。"})
			return
		}
		if !d.valid(r.PostFormValue("token")) {
			forbid(w, "提交的内容缺少工作台的 token，请从工作台的页面提交。")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (d *Desk) valid(t string) bool {
	return subtle.ConstantTimeCompare([]byte(t), []byte(d.token)) == 1
}

func forbid(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintln(w, "403 拒绝访问："+msg)
}
