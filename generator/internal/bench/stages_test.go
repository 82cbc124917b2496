//go:build unix

package bench

import (
	"fmt"
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"examnotice/generator/internal/build"
	"examnotice/generator/internal/calendar"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/qrcode"
	"examnotice/generator/internal/site"
	"examnotice/generator/internal/timeline"
)

// sizes are the notices the stage benchmarks run on: the real one (5 rounds), then synthetic
// ones of 100 and 1,000 rounds.
var sizes = []int{0, 100, 1000}

func sizeName(rounds int) string {
	if rounds == 0 {
		return "real"
	}
	return fmt.Sprintf("rounds=%d", rounds)
}

const benchBase = "https://exam-notice.example.com/"

// prepared loads, checks and derives a notice of the given size for a stage benchmark.
func prepared(b *testing.B, rounds int) (dataDir string, n *data.Notice, tl []timeline.Round) {
	b.Helper()
	dataDir = filepath.Join(project(b, rounds), "data")
	p, err := site.Prepare(dataDir)
	if err != nil {
		b.Fatal(err)
	}
	return dataDir, p.Notice, p.Rounds
}

// cores reports the CPU time the process spent per second of wall time during the loop:
// about 2 when both cores of the machine work.
type cores struct {
	wall time.Time
	cpu  time.Duration
}

func startCores() cores { return cores{wall: time.Now(), cpu: processCPU()} }

func (c cores) report(b *testing.B) {
	if wall := time.Since(c.wall); wall > 0 {
		b.ReportMetric(float64(processCPU()-c.cpu)/float64(wall), "cores")
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLoadCheck reads every data file strictly and applies every rule.
func BenchmarkLoadCheck(b *testing.B) {
	for _, rounds := range sizes {
		b.Run(sizeName(rounds), func(b *testing.B) {
			dataDir, _, _ := prepared(b, rounds)
			for b.Loop() {
				n, err := data.Load(dataDir)
				if err != nil {
					b.Fatal(err)
				}
				if err := data.Check(n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTimeline derives every milestone of every round.
func BenchmarkTimeline(b *testing.B) {
	for _, rounds := range sizes {
		b.Run(sizeName(rounds), func(b *testing.B) {
			_, n, _ := prepared(b, rounds)
			for b.Loop() {
				if _, _, err := timeline.Derive(n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCalendar writes every feed: one per round, all.ics and one file per event, with
// the identities of the calendar lock (absent for the synthetic notices).
func BenchmarkCalendar(b *testing.B) {
	for _, rounds := range sizes {
		b.Run(sizeName(rounds), func(b *testing.B) {
			dataDir, n, tl := prepared(b, rounds)
			c := startCores()
			for b.Loop() {
				if _, _, err := calendar.Generate(dataDir, n, tl, benchBase); err != nil {
					b.Fatal(err)
				}
			}
			c.report(b)
		})
	}
}

// BenchmarkQR draws every QR code (one per group, one per round, the site's) as PNG and SVG.
func BenchmarkQR(b *testing.B) {
	for _, rounds := range sizes {
		b.Run(sizeName(rounds), func(b *testing.B) {
			_, n, _ := prepared(b, rounds)
			codes := qrcode.Codes(n, benchBase)
			c := startCores()
			for b.Loop() {
				if _, err := qrcode.Render(codes); err != nil {
					b.Fatal(err)
				}
			}
			c.report(b)
		})
	}
}

// BenchmarkBuild is the whole build in this process, after a first build, for profiling:
//
//	go test -run '^$' -bench 'Build/rounds=1000' -benchtime 1x -cpuprofile cpu.out ./generator/internal/bench
func BenchmarkBuild(b *testing.B) {
	for _, rounds := range []int{0, 10, 100, 1000} {
		b.Run(sizeName(rounds), func(b *testing.B) {
			root := project(b, rounds)
			out := filepath.Join(b.TempDir(), "public")
			build := func() {
				if _, err := build.Run(build.Options{Root: root, Out: out, Log: io.Discard}); err != nil {
					b.Fatal(err)
				}
			}
			build() // as BenchmarkScale: the project has been built before
			c := startCores()
			for b.Loop() {
				build()
			}
			c.report(b)
		})
	}
}
