//go:build unix

package bench

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// BenchmarkLivePreview runs `generator serve` (this test binary again, calling preview.Serve)
// on a copy of the project, edits data/notices/2024h2/rounds.yaml as a maintainer would (the
// name of the first round) and measures how long the change takes to show:
//
//   - page: until GET /rounds/<id>/ returns the new name, polled every 5 ms;
//   - reload: until Hugo's live reload tells the browser to reload (the message a browser's
//     livereload.js acts on), read from its WebSocket as a browser does.
//
// Target: under one second.
func BenchmarkLivePreview(b *testing.B) {
	root := benchProject(b, 0, 0)
	port := freePort(b)
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	cmd := child("serve", rootEnv+"="+root, portEnv+"="+strconv.Itoa(port))
	var log limitedBuffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		cmd.Process.Kill() // the child this benchmark started, by its id
		cmd.Wait()
	})
	const page, first = "/rounds/2024h2-3/", "第三次统考"
	if _, err := waitFor(base+page, first, 2*time.Minute); err != nil {
		b.Fatalf("%v\nserve's output:\n%s", err, log.String())
	}
	reloads, err := liveReload(base)
	if err != nil {
		b.Fatal(err)
	}

	rounds := filepath.Join(root, "data", "notices", "2024h2", "rounds.yaml")
	src, err := os.ReadFile(rounds)
	if err != nil {
		b.Fatal(err)
	}
	var pages, reloadTimes []time.Duration
	name := first
	for b.Loop() {
		next := fmt.Sprintf("第三次统考（第 %d 次修改）", len(pages)+1)
		src = bytes.Replace(src, []byte("name: "+name+"\n"), []byte("name: "+next+"\n"), 1)
		name = next
		drain(reloads)
		start := time.Now()
		if err := os.WriteFile(rounds, src, 0o644); err != nil {
			b.Fatal(err)
		}
		seen, err := waitFor(base+page, name, 10*time.Second)
		if err != nil {
			b.Fatalf("%v\nserve's output:\n%s", err, log.String())
		}
		pages = append(pages, seen.Sub(start))
		select {
		case at := <-reloads:
			reloadTimes = append(reloadTimes, at.Sub(start))
		case <-time.After(10 * time.Second):
			b.Fatal("no live reload message within 10 s of the edit")
		}
		// Let the preview settle, then edit at a random moment: the watcher and Hugo work on
		// fixed ticks (100 and 500 ms), and edits in step with them would always see the same
		// wait.
		time.Sleep(time.Second + time.Duration(rand.Int64N(int64(500*time.Millisecond))))
	}
	b.ReportMetric(ms(median(pages)), "page-ms")
	b.ReportMetric(ms(slicesMax(pages)), "page-max-ms")
	b.ReportMetric(ms(median(reloadTimes)), "reload-ms")
	b.Logf("edit of data/notices/2024h2/rounds.yaml → new page served: median %.0f ms, max %.0f ms %v; → live-reload message: median %.0f ms %v (target < 1000 ms: %s)",
		ms(median(pages)), ms(slicesMax(pages)), msList(pages), ms(median(reloadTimes)), msList(reloadTimes), verdict(slicesMax(pages) < time.Second))
}

func slicesMax(d []time.Duration) time.Duration {
	m := d[0]
	for _, x := range d {
		m = max(m, x)
	}
	return m
}

// freePort finds a TCP port on 127.0.0.1 that nothing listens on.
func freePort(b *testing.B) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitFor polls url every 5 ms until its body holds want, and returns when it did.
func waitFor(url, want string, limit time.Duration) (time.Time, error) {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(limit)
	last := ""
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && bytes.Contains(body, []byte(want)) {
				return time.Now(), nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Time{}, fmt.Errorf("%s did not show %q within %v (last: %s)", url, want, limit, last)
}

// liveReload connects to Hugo's live-reload WebSocket as livereload.js does and returns a
// channel that receives the time of every reload command.
func liveReload(base string) (<-chan time.Time, error) {
	ws, err := websocket.Dial(strings.Replace(base, "http", "ws", 1)+"/livereload", "", base)
	if err != nil {
		return nil, fmt.Errorf("connecting to live reload: %w", err)
	}
	hello := `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`
	if err := websocket.Message.Send(ws, hello); err != nil {
		return nil, fmt.Errorf("live reload hello: %w", err)
	}
	var reply string
	if err := websocket.Message.Receive(ws, &reply); err != nil || !strings.Contains(reply, `"hello"`) {
		return nil, fmt.Errorf("live reload hello: %q, %v", reply, err)
	}
	reloads := make(chan time.Time, 64)
	go func() {
		for {
			var msg string
			if err := websocket.Message.Receive(ws, &msg); err != nil {
				return
			}
			if strings.Contains(msg, `"reload"`) {
				reloads <- time.Now()
			}
		}
	}()
	return reloads, nil
}

func drain(c <-chan time.Time) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}
