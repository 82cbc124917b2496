//go:build unix

package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/testkit"
)

// BenchmarkFirstSite is a new user's first site with a release: from the linux/amd64 archive
// of `make dist` to a built site, in an environment with no Go on PATH and an empty home (no
// Hugo cache): unpack the archive (tar), `exam-notice init site`, `exam-notice import` of the
// issuer's .docx, `exam-notice build`. Target: within 3 s. The archive is made once, by
// `make dist` itself for that one platform.
func BenchmarkFirstSite(b *testing.B) {
	dist := b.TempDir()
	mk := exec.Command("make", "-s", "dist", "PLATFORMS=linux/amd64", "DIST="+dist, "VERSION=bench")
	mk.Dir = testkit.Root()
	if out, err := mk.CombinedOutput(); err != nil {
		b.Fatalf("make dist: %v\n%s", err, out)
	}
	archive := filepath.Join(dist, "exam-notice-bench-linux-amd64.tar.gz")
	docx := filepath.Join(testkit.Root(), "generator", "internal", "importer", "testdata", "notice-2024h2.docx")
	var times []time.Duration
	for b.Loop() {
		dir := b.TempDir()
		start := time.Now()
		program := filepath.Join(dir, "exam-notice-bench-linux-amd64", "exam-notice")
		site := filepath.Join(dir, "site")
		for _, step := range [][]string{
			{"tar", "-xzf", archive, "-C", dir},
			{program, "init", site},
			{filepath.Join(site, "exam-notice"), "import", "-root", site, docx},
			{filepath.Join(site, "exam-notice"), "build", "-root", site},
		} {
			cmd := exec.Command(step[0], step[1:]...)
			cmd.Dir = dir
			cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "SOURCE_DATE_EPOCH=1725148800"}
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%s: %v\n%s", strings.Join(step, " "), err, out)
			}
		}
		times = append(times, time.Since(start))
		if _, err := os.Stat(filepath.Join(site, "public", "rounds", "2024h2-7", "index.html")); err != nil {
			b.Fatalf("the site is not whole: %v", err)
		}
	}
	m := median(times)
	b.ReportMetric(ms(m), "wall-ms")
	fmt.Printf("first site: from the release archive to a built site in %.0f ms (median of %s), target 3 s: %s\n",
		ms(m), msList(times), verdict(m <= 3*time.Second))
}
