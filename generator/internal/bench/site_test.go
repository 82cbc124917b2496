//go:build unix

package bench

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/gohugoio/hugo/commands"

	"examnotice/generator/internal/build"
	"examnotice/generator/internal/render"
	"examnotice/generator/internal/site"
	"examnotice/generator/internal/testkit"
)

// BenchmarkSiteOverHugo builds the real site (the generator's whole work, then Hugo) and,
// side by side in the same process, runs Hugo alone on the same content and theme with every
// generated file already in place for it, exactly as a build runs Hugo (render.BuildArgs):
// notice.json in Hugo's data mount and the calendars, QR images and published notice.json in
// its static mount, as the preview lays them out, so that Hugo alone renders and publishes the
// same site. (A build links those files into the site itself, which is cheaper than Hugo's
// copy; see linkGenerated.) Each iteration is one of each, their order alternating; the ratio
// of the medians is what the generator adds to Hugo's time (target: at most 1.20).
func BenchmarkSiteOverHugo(b *testing.B) {
	root := project(b, 0)
	out := filepath.Join(b.TempDir(), "public")
	base, err := build.ResolveBaseURL(root, "")
	if err != nil {
		b.Fatal(err)
	}
	build := func() time.Duration {
		runtime.GC() // neither side pays for the garbage of the other
		start := time.Now()
		if _, err := build.Run(build.Options{Root: root, Out: out, Log: io.Discard}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	build() // the generated files, the calendar lock and Hugo's resource cache in place
	hugoRoot := b.TempDir()
	if err := testkit.CopyTree(hugoRoot, root); err != nil {
		b.Fatal(err)
	}
	if err := testkit.CopyTree(filepath.Join(hugoRoot, site.GeneratedDir, "static"), filepath.Join(root, site.StaticDir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		b.Fatal(err)
	}
	hugoOn := func(root string) time.Duration {
		dest, err := os.MkdirTemp(filepath.Dir(out), "hugo-alone-")
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		start := time.Now()
		if err := commands.Execute(render.BuildArgs(root, dest, base)); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		if err := os.RemoveAll(dest); err != nil {
			b.Fatal(err)
		}
		return d
	}
	hugo := func() time.Duration { return hugoOn(hugoRoot) }
	// For the record: Hugo on the build's own layout, where it renders the pages but does not
	// publish the generated files (the build links them in afterwards).
	render := func() time.Duration { return hugoOn(root) }
	// As a user runs them: `generator build` against Hugo alone, each a new process.
	childOut := filepath.Join(b.TempDir(), "public")
	inChild := func(job, root string) time.Duration {
		out := childOut
		if job == "hugo" {
			out = filepath.Join(b.TempDir(), "hugo")
		}
		r, err := runChild(job, root, out)
		if err != nil {
			b.Fatal(err)
		}
		return r.wall
	}
	hugo()
	render()
	inChild("build", root)
	var builds, hugos, renders, childBuilds, childHugos []time.Duration
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			builds = append(builds, build())
			hugos = append(hugos, hugo())
			childBuilds = append(childBuilds, inChild("build", root))
			childHugos = append(childHugos, inChild("hugo", hugoRoot))
		} else {
			hugos = append(hugos, hugo())
			builds = append(builds, build())
			childHugos = append(childHugos, inChild("hugo", hugoRoot))
			childBuilds = append(childBuilds, inChild("build", root))
		}
		renders = append(renders, render())
		i++
	}
	mb, mh, mr := median(builds), median(hugos), median(renders)
	cb, ch := median(childBuilds), median(childHugos)
	b.ReportMetric(ms(mb), "build-ms")
	b.ReportMetric(ms(mh), "hugo-ms")
	b.ReportMetric(float64(mb)/float64(mh), "ratio")
	b.ReportMetric(float64(cb)/float64(ch), "process-ratio")
	b.Logf("real site, %d runs each, in one process: build median %.0f ms %v; Hugo alone, same site, median %.0f ms %v; ratio %.2f (target ≤ 1.20: %s)",
		len(builds), ms(mb), msList(builds), ms(mh), msList(hugos), float64(mb)/float64(mh), verdict(float64(mb) <= 1.2*float64(mh)))
	b.Logf("each in a new process, start-up included: build median %.0f ms %v; Hugo alone median %.0f ms %v; ratio %.2f",
		ms(cb), msList(childBuilds), ms(ch), msList(childHugos), float64(cb)/float64(ch))
	b.Logf("for the record: Hugo rendering the pages without publishing the generated files, median %.0f ms %v; build minus that: %.0f ms",
		ms(mr), msList(renders), ms(mb-mr))
}

// scaleRuns holds the medians of BenchmarkScale's sizes, for the summary of growth.
var scaleRuns = map[int]childRun{}

// BenchmarkScale builds synthetic notices of 10, 100 and 1,000 rounds, each build in a child
// process (this test binary again, calling build.Run as `generator build` does), and reports
// the median wall time, process start-up included, and the peak resident set size of the
// child (its VmHWM, see reportPeak: Hugo's memory too, which Go's own statistics would not
// show whole). Before the timed builds one build writes the calendar lock, the generated files
// and Hugo's cache, as they are in a project that has been built before.
func BenchmarkScale(b *testing.B) {
	for _, rounds := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("rounds=%d", rounds), func(b *testing.B) {
			root := project(b, rounds)
			out := filepath.Join(b.TempDir(), "public")
			first, err := buildInChild(root, out)
			if err != nil {
				b.Fatal(err)
			}
			var runs []childRun
			for b.Loop() {
				r, err := buildInChild(root, out)
				if err != nil {
					b.Fatal(err)
				}
				runs = append(runs, r)
			}
			m := medianRun(runs)
			scaleRuns[rounds] = m
			b.ReportMetric(ms(m.wall), "wall-ms")
			b.ReportMetric(float64(m.maxRSS)/(1<<20), "peak-RSS-MB")
			b.ReportMetric(float64(m.cpu)/float64(m.wall), "cores")
			b.Logf("%d rounds: first build %.0f ms, %.0f MB; then %d builds: median %.0f ms %v, peak RSS up to %.0f MB, %.2f cores",
				rounds, ms(first.wall), float64(first.maxRSS)/(1<<20), len(runs), ms(m.wall), msList(walls(runs)), float64(m.maxRSS)/(1<<20), float64(m.cpu)/float64(m.wall))
			if rounds == 1000 {
				scaleSummary(b)
			}
		})
	}
}

// scaleSummary logs how the cost grew from 10 to 1,000 rounds, once all three sizes ran.
func scaleSummary(b *testing.B) {
	r10, r100, r1000 := scaleRuns[10], scaleRuns[100], scaleRuns[1000]
	if r10.wall == 0 || r100.wall == 0 || r1000.wall == 0 {
		return
	}
	per := func(a, b childRun, n float64) float64 { return ms(b.wall-a.wall) / n }
	b.Logf("growth 100→1000 rounds (10× the rounds): time ×%.1f, peak RSS ×%.1f (linear: ≤ ×10: %s); cost per added round %.2f ms (10→100) and %.2f ms (100→1000)",
		float64(r1000.wall)/float64(r100.wall), float64(r1000.maxRSS)/float64(r100.maxRSS),
		verdict(r1000.wall <= 10*r100.wall && r1000.maxRSS <= 10*r100.maxRSS), per(r10, r100, 90), per(r100, r1000, 900))
	b.Logf("1000 rounds: %.2f s (target ≤ 5 s: %s), peak RSS %.0f MB (target < 500 MB: %s)",
		r1000.wall.Seconds(), verdict(r1000.wall <= 5*time.Second), float64(r1000.maxRSS)/(1<<20), verdict(r1000.maxRSS < 500<<20))
}

// medianRun is the run of median wall time, with the highest peak RSS of all runs.
func medianRun(runs []childRun) childRun {
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b childRun) int { return int(a.wall - b.wall) })
	m := sorted[len(sorted)/2]
	for _, r := range runs {
		m.maxRSS = max(m.maxRSS, r.maxRSS)
	}
	return m
}

func walls(runs []childRun) []time.Duration {
	var d []time.Duration
	for _, r := range runs {
		d = append(d, r.wall)
	}
	return d
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func msList(d []time.Duration) string {
	s := ""
	for i, x := range d {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%.0f", ms(x))
	}
	return "[" + s + "]"
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}
