//go:build withdeploy

package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"gocloud.dev/blob"

	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
	"examnotice/generator/internal/testkit/storekit"
)

// faultProxy stands between the deploy and the store and breaks what it is told to: the
// n-th request it sees (and the burst-1 after it) answered with a 500, a 503 SlowDown or a
// reset connection; or the hold-th upload (PUT) held until the test has killed the deploy.
type faultProxy struct {
	*httptest.Server
	mu       sync.Mutex
	requests int
	puts     int
	failAt   int
	burst    int
	mode     string
	holdAt   int
	held     chan struct{} // closed when the held upload arrives
	release  chan struct{} // closed to let it go (refused)
}

func newFaultProxy(t *testing.T, store string) *faultProxy {
	t.Helper()
	target, err := url.Parse(store)
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{}
	forward := httputil.NewSingleHostReverseProxy(target) // the Host header stays the deploy's: its signature holds
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests++
		n := p.requests
		if r.Method == http.MethodPut {
			p.puts++
		}
		hold := r.Method == http.MethodPut && p.puts == p.holdAt
		fail := p.failAt > 0 && n >= p.failAt && n < p.failAt+p.burst
		mode := p.mode
		held, release := p.held, p.release
		p.mu.Unlock()
		switch {
		case hold:
			close(held)
			<-release
			w.WriteHeader(http.StatusBadGateway)
		case fail && mode == "reset":
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.(*net.TCPConn).SetLinger(0) // closing sends RST
				conn.Close()
			}
		case fail:
			code, status := "InternalError", http.StatusInternalServerError
			if mode == "503" {
				code, status = "SlowDown", http.StatusServiceUnavailable
			}
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(status)
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>injected by the test</Message></Error>`, code)
		default:
			forward.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(p.Close)
	return p
}

// arm sets the next fault and starts counting again.
func (p *faultProxy) arm(failAt, burst int, mode string, holdAt int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests, p.puts = 0, 0
	p.failAt, p.burst, p.mode, p.holdAt = failAt, burst, mode, holdAt
	p.held, p.release = make(chan struct{}), make(chan struct{})
}

func (p *faultProxy) counts() (requests, puts int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests, p.puts
}

// TestDeployFaults deploys a new version of the site (a new notice: new pages; a moved
// session: changed pages and feeds; a changed stylesheet: a new fingerprint, the old one
// superseded) over the last, through a proxy that breaks it: the Nth request fails (500,
// 503 SlowDown, a reset connection; once, which the store's client retries, or four times
// running, which ends the deploy with its error) at 10 different N, and the deploy is killed
// (SIGKILL) during its Kth upload at 10 different K. After each, the bucket is a working
// site: from its home page and every page it had before, every local link and asset is
// there, and every calendar parses (an independent parser); one more deploy then makes it
// equal to public/.
func TestDeployFaults(t *testing.T) {
	gw := testkit.Tool(t, "bin/versitygw")
	buildkit.Today(t, "2025-04-01T12:00:00+08:00")
	root := testkit.Project(t, testkit.Notice)
	testkit.Edit(t, root, "hugo.toml", "[deployment]\n", "[deployment]\n  workers = 1\n") // one upload at a time: a kill lands between two
	site := filepath.Join(root, "public")
	build := func() {
		t.Helper()
		if _, log, err := buildkit.Run(root, pipeline.Options{Out: site}); err != nil {
			t.Fatalf("build: %v\n%s", err, log)
		}
	}
	var buckets []string
	for i := range 10 {
		buckets = append(buckets, fmt.Sprintf("fault-%d", i), fmt.Sprintf("kill-%d", i))
	}
	buckets = append(buckets, "count")
	_, siteURL := storekit.Start(t, gw, buckets...)
	endpoint := regexp.MustCompile(`endpoint=([^&]+)`).FindStringSubmatch(siteURL)[1]
	urlOf := func(bucket, via string) string {
		return strings.Replace(strings.Replace(siteURL, "s3://site?", "s3://"+bucket+"?", 1), endpoint, via, 1)
	}
	proxy := newFaultProxy(t, endpoint)
	deploy := func(t *testing.T, to string) error {
		t.Helper()
		var log bytes.Buffer
		err := Run(open(t, root), Options{Site: site, To: to, MaxDeletes: DefaultMaxDeletes, Log: &log})
		if err != nil {
			t.Logf("deploy: %v", err)
		}
		return err
	}

	// The last version, published to every bucket.
	build()
	for _, b := range buckets {
		if err := deploy(t, urlOf(b, endpoint)); err != nil {
			t.Fatal(err)
		}
	}
	oldPages := pagesOf(testkit.Files(t, site))

	// The new version.
	testkit.AddNotice(t, root, testkit.Two, "2025h2")
	testkit.Edit(t, root, "data/notices/2025h1/rounds.yaml",
		"2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:30\", end: \"09:30\"",
		"2025-06-13\n        weekday: 周五\n        sessions:\n          - {subject: theory, start: \"08:00\", end: \"09:00\"")
	appendFile(t, filepath.Join(root, "themes", "notice", "assets", "css", "screen.css"), "\n.deploy-fault-test { color: #123456; }\n")
	build()

	// A clean deploy through the proxy counts its requests and uploads.
	proxy.arm(0, 0, "", 0)
	if err := deploy(t, urlOf("count", proxy.URL)); err != nil {
		t.Fatal(err)
	}
	requests, puts := proxy.counts()
	t.Logf("a deploy of the new version: %d requests, %d uploads", requests, puts)
	if puts < 10 {
		t.Fatalf("only %d uploads; the test needs 10 points to kill at", puts)
	}

	modes := []string{"500", "503", "reset"}
	for i := range 10 {
		n := 1 + i*(requests-1)/9
		burst := 1
		if i%2 == 1 {
			burst = 4 // more than the client's three attempts
		}
		mode := modes[i%3]
		t.Run(fmt.Sprintf("request %d fails %dx with %s", n, burst, mode), func(t *testing.T) {
			bucket := fmt.Sprintf("fault-%d", i)
			proxy.arm(n, burst, mode, 0)
			if err := deploy(t, urlOf(bucket, proxy.URL)); err != nil && !strings.Contains(err.Error(), "run the deploy again") {
				t.Errorf("the deploy's error does not say what to do: %v", err)
			}
			b := openBucket(t, urlOf(bucket, endpoint))
			working(t, b, oldPages)
			if err := deploy(t, urlOf(bucket, endpoint)); err != nil {
				t.Fatalf("the deploy after: %v", err)
			}
			checkBucket(t, b, site)
		})
	}
	for i := range 10 {
		k := 1 + i*(puts-1)/9
		t.Run(fmt.Sprintf("killed during upload %d of %d", k, puts), func(t *testing.T) {
			bucket := fmt.Sprintf("kill-%d", i)
			proxy.arm(0, 0, "", k)
			child := exec.Command(os.Args[0], "-test.run=^$")
			child.Env = append(os.Environ(), childEnv+"="+root+"\n"+site+"\n"+urlOf(bucket, proxy.URL))
			var out bytes.Buffer
			child.Stdout, child.Stderr = &out, &out
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-proxy.held:
			case <-time.After(60 * time.Second):
				child.Process.Kill()
				child.Wait()
				t.Fatalf("the deploy never made upload %d:\n%s", k, out.String())
			}
			child.Process.Kill() // SIGKILL
			child.Wait()
			close(proxy.release)
			b := openBucket(t, urlOf(bucket, endpoint))
			working(t, b, oldPages)
			if err := deploy(t, urlOf(bucket, endpoint)); err != nil {
				t.Fatalf("the deploy after: %v", err)
			}
			checkBucket(t, b, site)
		})
	}
}

func openBucket(t *testing.T, url string) *blob.Bucket {
	t.Helper()
	b, err := blob.OpenBucket(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// pagesOf is the pages among files (by slash path).
func pagesOf(files map[string]string) []string {
	var out []string
	for k := range files {
		if strings.HasSuffix(k, ".html") {
			out = append(out, k)
		}
	}
	return out
}

// localRef is a link or asset reference of a page: href="…" or src="…".
var localRef = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// working fails the test unless the bucket is a working site: every page reached from its
// home page or from a page of the last version (what teachers may have saved) finds every
// local link and asset in the bucket, and every calendar parses.
func working(t *testing.T, b *blob.Bucket, oldPages []string) {
	t.Helper()
	ctx := context.Background()
	keys := map[string]bool{}
	for _, k := range listKeys(t, b) {
		keys[k] = true
	}
	read := func(key string) string {
		got, err := b.ReadAll(ctx, key)
		if err != nil {
			t.Fatalf("reading %s: %v", key, err)
		}
		return string(got)
	}
	queue := append([]string{"index.html"}, oldPages...)
	seen := map[string]bool{}
	broken := 0
	for len(queue) > 0 {
		page := queue[0]
		queue = queue[1:]
		if seen[page] {
			continue
		}
		seen[page] = true
		for _, m := range localRef.FindAllStringSubmatch(read(page), -1) {
			key, ok := objectKey(m[1])
			if !ok {
				continue
			}
			if !keys[key] {
				if broken++; broken <= 10 {
					t.Errorf("%s links to %s, which the bucket lacks", page, m[1])
				}
				continue
			}
			if strings.HasSuffix(key, ".html") {
				queue = append(queue, key)
			}
		}
	}
	for k := range keys {
		if !strings.HasSuffix(k, ".ics") {
			continue
		}
		if _, err := ical.NewDecoder(strings.NewReader(read(k))).Decode(); err != nil && !errors.Is(err, io.EOF) {
			t.Errorf("%s does not parse: %v", k, err)
		}
	}
}

// objectKey is the object a local reference of a page leads to: /rounds/x/ is
// rounds/x/index.html; false for a fragment, another site, a scheme.
func objectKey(ref string) (string, bool) {
	ref = strings.TrimPrefix(ref, "https://exam-notice.example.com")
	if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
		return "", false
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	p := strings.TrimPrefix(u.Path, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p, true
}
