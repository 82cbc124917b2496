package deploy

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// TestNginx serves a built site with Debian's nginx and the shipped configuration
// (themes/notice/assets/nginx.conf, with only its listen and root lines changed) on 127.0.0.1, and
// checks over HTTP the headers of every file, the 404 page, gzip negotiation and the
// Content-Security-Policy, which the pages' <meta> takes from the same file.
func TestNginx(t *testing.T) {
	nginx := testkit.Tool(t, "nginx")
	root := testkit.Project(t, testkit.Notice)
	site, _, _ := buildkit.Build(t, root)
	base := startNginx(t, nginx, copyAsREADME(t, site))
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true}, // gzip only when a test asks
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
	get := func(t *testing.T, path string, header ...string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}
	files := testkit.Files(t, site)

	t.Run("every file", func(t *testing.T) {
		for key, want := range files {
			resp, body := get(t, "/"+key)
			wantType, wantCache := wantHeaders(t, key)
			if resp.StatusCode != 200 || string(body) != want {
				t.Errorf("/%s: status %d, %d bytes; want 200 and the file's %d bytes", key, resp.StatusCode, len(body), len(want))
			}
			if got := resp.Header.Get("Content-Type"); got != wantType {
				t.Errorf("/%s: Content-Type %q, want %q", key, got, wantType)
			}
			if got := resp.Header.Get("Cache-Control"); got != wantCache {
				t.Errorf("/%s: Cache-Control %q, want %q", key, got, wantCache)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("/%s: X-Content-Type-Options %q, want nosniff", key, got)
			}
		}
	})

	t.Run("page", func(t *testing.T) {
		for _, path := range []string{"/", "/schedule/", "/rounds/2025h1-1/"} {
			resp, body := get(t, path)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || !bytes.Equal(body, []byte(testkit.Served(t, site, path))) {
				t.Errorf("%s: status %d, Content-Type %q; want 200, text/html; charset=utf-8 and its file", path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			checkCSP(t, path, resp.Header.Get("Content-Security-Policy"), body)
		}
		// A directory without its slash: a relative redirect (the base URL may be https:// in
		// front of a plain-HTTP nginx).
		if resp, _ := get(t, "/schedule"); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/schedule/" {
			t.Errorf("/schedule: status %d, Location %q; want 301 to /schedule/", resp.StatusCode, resp.Header.Get("Location"))
		}
	})

	t.Run("feed", func(t *testing.T) {
		resp, body := get(t, "/calendars/all.ics")
		if ct := resp.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" || !bytes.Equal(body, []byte(files["calendars/all.ics"])) {
			t.Errorf("all.ics: Content-Type %q, %d bytes; want text/calendar; charset=utf-8 and the file's bytes", ct, len(body))
		}
		if !bytes.Contains(body, []byte("\r\n")) || bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
			t.Error("all.ics lost its CRLF line endings or gained a byte-order mark")
		}
	})

	t.Run("fingerprinted asset", func(t *testing.T) {
		var css string
		for key := range files {
			if strings.HasPrefix(key, "css/") && fingerprinted.MatchString(key) {
				css = key
			}
		}
		if css == "" {
			t.Fatal("the site has no fingerprinted CSS")
		}
		resp, _ := get(t, "/"+css)
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("/%s: Cache-Control %q, want a year, immutable", css, cc)
		}
	})

	t.Run("missing URL", func(t *testing.T) {
		for _, path := range []string{"/no-such-page/", "/calendars/no-such-round.ics", "/rounds/2099h1-1/"} {
			resp, body := get(t, path)
			if resp.StatusCode != http.StatusNotFound || !bytes.Equal(body, []byte(files["404.html"])) {
				t.Errorf("%s: status %d, %d bytes; want 404 and the site's 404.html", path, resp.StatusCode, len(body))
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("%s: Content-Type %q, want text/html; charset=utf-8", path, ct)
			}
			checkCSP(t, path, resp.Header.Get("Content-Security-Policy"), body)
			if cc := resp.Header.Get("Cache-Control"); cc != "" {
				t.Errorf("%s: a 404 with Cache-Control %q; it must not be cached as the page", path, cc)
			}
		}
	})

	t.Run("gzip", func(t *testing.T) {
		for _, path := range []string{"/", "/calendars/all.ics", "/notice.json"} {
			want := []byte(testkit.Served(t, site, path))
			resp, body := get(t, path, "Accept-Encoding", "gzip")
			if resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s with Accept-Encoding: gzip: Content-Encoding %q, Vary %q; want gzip, Accept-Encoding", path, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
				continue
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(plain, want) {
				t.Errorf("%s: the gzipped body is not the file (%v)", path, err)
			}
			if resp, body := get(t, path); resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, want) {
				t.Errorf("%s without Accept-Encoding: Content-Encoding %q; want the file as it is", path, resp.Header.Get("Content-Encoding"))
			}
		}
	})
}

var metaCSP = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)

// checkCSP checks that the header is the policy of the page's <meta> with frame-ancestors
// added: the one policy of nginx.conf, in both.
func checkCSP(t *testing.T, path, header string, page []byte) {
	t.Helper()
	m := metaCSP.FindSubmatch(page)
	if m == nil {
		t.Errorf("%s: no Content-Security-Policy <meta>", path)
		return
	}
	if want := string(m[1]) + "; frame-ancestors 'none'"; header != want || !strings.HasPrefix(header, "default-src 'self';") {
		t.Errorf("%s: Content-Security-Policy header %q, want the <meta>'s with frame-ancestors: %q", path, header, want)
	}
}

// readmeCopy is the README's command that copies the built site to an nginx server's web
// root: rsync -a --delete public/ <web root>/.
var readmeCopy = regexp.MustCompile(`(?m)^rsync -a --delete public/ (/\S+/)\s*$`)

// copyAsREADME copies the built site with the README's command, public/ and the web root
// replaced by site and a new directory that nginx's worker user can reach, and returns the
// copy. rsync -a keeps the modes: a site built private would stay private.
func copyAsREADME(t *testing.T, site string) string {
	t.Helper()
	rsync := testkit.Tool(t, "rsync")
	readme, err := os.ReadFile(filepath.Join(testkit.Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := readmeCopy.FindSubmatch(readme)
	if m == nil {
		t.Fatalf("README.md has no line %q: the test copies the site as the README says", readmeCopy)
	}
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} { // private, as Go makes them
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	www := filepath.Join(dir, "www")
	args := strings.Fields(strings.TrimSpace(string(m[0])))
	args[len(args)-2], args[len(args)-1] = site+"/", www+"/"
	if out, err := exec.Command(rsync, args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return www
}

// startNginx runs nginx with the shipped configuration serving site on a free port of
// 127.0.0.1 until the test ends, and returns its base URL. Run by root, as CI runs it, its
// workers are nobody's, as a server's are not the owner of the files: the site must be
// readable by everyone.
func startNginx(t *testing.T, nginx, site string) string {
	t.Helper()
	conf, err := os.ReadFile(filepath.Join(testkit.Root(), "themes", "notice", "assets", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	port := testkit.FreePort(t)
	shipped := string(conf)
	for old, new := range map[string]string{
		"listen 80;":               "listen 127.0.0.1:" + port + ";",
		"root /var/www/exam-site;": "root " + site + ";",
	} {
		if strings.Count(shipped, old) != 1 {
			t.Fatalf("nginx.conf holds %q %d times; the test changes exactly one", old, strings.Count(shipped, old))
		}
		shipped = strings.Replace(shipped, old, new, 1)
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	siteConf := write("site.conf", shipped)
	// What Debian's /etc/nginx/nginx.conf gives a conf.d file, less what a test cannot have
	// (system log and temp paths): files under dir; one process unless run by root.
	process := "master_process off;"
	if os.Geteuid() == 0 {
		process = "user nobody nogroup;"
	}
	mainConf := write("nginx.conf", fmt.Sprintf(`daemon off;
%[3]s
pid %[1]s/nginx.pid;
events {}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[2]s;
}
`, dir, siteConf, process))
	errLog := filepath.Join(dir, "error.log")
	if out, err := exec.Command(nginx, "-t", "-p", dir, "-e", errLog, "-c", mainConf).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t rejects the configuration: %v\n%s", err, out)
	}
	cmd := exec.Command(nginx, "-p", dir, "-e", errLog, "-c", mainConf)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM) // the master stops its workers
		cmd.Wait()
		if b, _ := os.ReadFile(errLog); bytes.Contains(b, []byte("[emerg]")) || bytes.Contains(b, []byte("[crit]")) {
			t.Errorf("nginx's error log:\n%s", b)
		}
	})
	testkit.WaitListening(t, "127.0.0.1:"+port, errLog)
	return "http://127.0.0.1:" + port
}
