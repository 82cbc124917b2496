//go:build unix

package bench

import (
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"examnotice/generator/internal/calendar"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/qrcode"
	"examnotice/generator/internal/site"
	"examnotice/generator/internal/timeline"
)

// size is a project a benchmark runs on: the real one (notices 0), or a synthetic one of
// notices notices of rounds rounds each.
type size struct{ notices, rounds int }

func (s size) String() string {
	if s.notices == 0 {
		return "real"
	}
	if s.notices == 1 {
		return fmt.Sprintf("rounds=%d", s.rounds)
	}
	return fmt.Sprintf("notices=%dx%d", s.notices, s.rounds)
}

// sizes are the projects the stage benchmarks run on: the real one (one notice of 5 rounds),
// then synthetic ones of 10 and 100 notices of 10 rounds each (100 and 1,000 rounds).
var sizes = []size{{0, 0}, {10, 10}, {100, 10}}

const benchBase = "https://exam-notice.example.com/"

// prepared loads, checks and derives a project of the given size for a stage benchmark.
func prepared(b *testing.B, s size) (dataDir string, p *site.Prepared) {
	b.Helper()
	dataDir = project.Layout{Root: benchProject(b, s.notices, s.rounds)}.Data()
	p, err := site.Prepare(dataDir)
	if err != nil {
		b.Fatal(err)
	}
	return dataDir, p
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

// BenchmarkLoadCheck reads every data file strictly and applies every rule, of each notice
// and across notices.
func BenchmarkLoadCheck(b *testing.B) {
	for _, s := range sizes {
		b.Run(s.String(), func(b *testing.B) {
			dataDir, _ := prepared(b, s)
			for b.Loop() {
				lib, err := data.Load(dataDir)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := lib.Check(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTimeline derives every milestone of every round of every notice.
func BenchmarkTimeline(b *testing.B) {
	for _, s := range sizes {
		b.Run(s.String(), func(b *testing.B) {
			dataDir, _ := prepared(b, s)
			lib, err := data.Load(dataDir)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, _, err := timeline.DeriveAll(lib); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCalendar writes every feed: one per round, one per notice, all.ics and one file
// per event, with the identities of the calendar lock (absent for the synthetic projects).
func BenchmarkCalendar(b *testing.B) {
	for _, s := range sizes {
		b.Run(s.String(), func(b *testing.B) {
			dataDir, p := prepared(b, s)
			c := startCores()
			for b.Loop() {
				if _, _, err := calendar.Generate(dataDir, p.Notices, benchBase, p.Changes()); err != nil {
					b.Fatal(err)
				}
			}
			c.report(b)
		})
	}
}

// BenchmarkQR draws every QR code (one per group, one per round, the site's) as PNG and SVG.
func BenchmarkQR(b *testing.B) {
	for _, s := range sizes {
		b.Run(s.String(), func(b *testing.B) {
			_, p := prepared(b, s)
			var notices []*data.Notice
			for _, n := range p.Notices {
				notices = append(notices, n.Notice)
			}
			codes := site.QRCodes(benchBase, notices...)
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
//	go test -run '^$' -bench 'Build/notices=100x10' -benchtime 1x -cpuprofile cpu.out ./generator/internal/bench
func BenchmarkBuild(b *testing.B) {
	for _, s := range []size{{0, 0}, {10, 10}, {100, 10}, {1, 1000}} {
		b.Run(s.String(), func(b *testing.B) {
			root := benchProject(b, s.notices, s.rounds)
			out := filepath.Join(b.TempDir(), "public")
			build := func() {
				if err := buildOnce(root, out); err != nil {
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
