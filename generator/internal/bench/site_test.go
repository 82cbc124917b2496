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
	"strconv"
	"strings"
	"testing"
	"time"

	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
)

// BenchmarkSiteOverHugo compares the build of the real site (the generator's whole work:
// load, check, derive, the templates' data, Hugo, the calendars and QR images linked in, the
// public URLs checked, the site published, the lock recorded) with Hugo alone rendering the
// same pages: the same embedded Hugo called the same way (render.BuildArgs) on a copy of the
// project after a build, with the templates' data in its data mount (.build/gen/data) and
// nothing in its static mount, so that it renders every page the build publishes and no
// generated file. That is the honest floor: a build cannot be faster than rendering its pages,
// and the calendars, QR images and published JSON are the generator's work to make and
// publish. (Hugo publishing the generated files too, through its static copy, is slower than
// the build's hard links, which made an earlier comparison read below 1.)
//
// Each iteration is pairsPerLoop pairs, each timed in a fresh child process (timePair): after
// one untimed warm-up of both, two builds and two Hugo runs, build–Hugo–Hugo–build. A fresh
// process, because Hugo keeps about 4 MB of every Execute alive in the process (measured: the
// heap after a GC grows 12 → 112 MB over 25 runs of Hugo alone), so that in one long-lived
// process every garbage collection marks more each run and the side that allocates more pays
// for Hugo's leftovers. The ratio is the median of the pairs' ratios (target: at most 1.25, a guard against a regression),
// which also cancels the drift of this machine's speed over a run. The builds are rebuilds
// without a change; as many
// pairs again time the daily rebuild, which does not (daily-ratio). Then the same with each
// run a whole new process, start-up included, for the record.
func BenchmarkSiteOverHugo(b *testing.B) {
	root := benchProject(b, 0, 0)
	out := filepath.Join(b.TempDir(), "public")
	if err := buildOnce(root, out); err != nil {
		b.Fatal(err) // the generated files, the calendar lock and Hugo's resource cache in place
	}
	hugoRoot := b.TempDir()
	if err := testkit.CopyTree(hugoRoot, root); err != nil {
		b.Fatal(err)
	}
	// Only the templates' data: no generated file for Hugo's static mount, none beside it.
	hugoLayout := project.Layout{Root: hugoRoot}
	if err := os.RemoveAll(hugoLayout.Static()); err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(hugoLayout.PreviewStatic()); !errors.Is(err, fs.ErrNotExist) {
		b.Fatalf("after a build, %s exists (%v): Hugo alone would publish generated files", hugoLayout.PreviewStatic(), err)
	}
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
	inChild("build", root)
	var builds, hugos, childBuilds, childHugos []time.Duration
	var ratios, dailyRatios []float64
	i := 0
	for b.Loop() {
		for range pairsPerLoop {
			bt, ht, err := pairInChild(root, hugoRoot, out, false)
			if err != nil {
				b.Fatal(err)
			}
			builds, hugos, ratios = append(builds, bt), append(hugos, ht), append(ratios, float64(bt)/float64(ht))
			bt, ht, err = pairInChild(root, hugoRoot, out, true)
			if err != nil {
				b.Fatal(err)
			}
			dailyRatios = append(dailyRatios, float64(bt)/float64(ht))
		}
		if i%2 == 0 {
			childBuilds = append(childBuilds, inChild("build", root))
			childHugos = append(childHugos, inChild("hugo", hugoRoot))
		} else {
			childHugos = append(childHugos, inChild("hugo", hugoRoot))
			childBuilds = append(childBuilds, inChild("build", root))
		}
		i++
	}
	mb, mh := median(builds), median(hugos)
	cb, ch := median(childBuilds), median(childHugos)
	slices.Sort(ratios)
	ratio := ratios[len(ratios)/2]
	slices.Sort(dailyRatios)
	daily := dailyRatios[len(dailyRatios)/2]
	b.ReportMetric(ms(mb), "build-ms")
	b.ReportMetric(ms(mh), "hugo-ms")
	b.ReportMetric(ratio, "ratio")
	b.ReportMetric(daily, "daily-ratio")
	b.ReportMetric(float64(cb)/float64(ch), "process-ratio")
	b.Logf("real site, %d pairs, each in a fresh process after a warm-up: build median %.1f ms %v; Hugo rendering the same pages alone, median %.1f ms %v; ratio, median of the pairs' %.3f (target ≤ 1.25: %s; of the medians %.3f; pairs' quartiles %.3f–%.3f); the generator's own work: %.1f ms",
		len(builds), ms(mb), msList(builds), ms(mh), msList(hugos), ratio, verdict(ratio <= 1.25), float64(mb)/float64(mh), ratios[len(ratios)/4], ratios[len(ratios)*3/4], ms(mb-mh))
	b.Logf("the daily rebuild (each build on another day than the last: today.json written again), %d pairs: ratio, median of the pairs' %.3f (quartiles %.3f–%.3f)",
		len(dailyRatios), daily, dailyRatios[len(dailyRatios)/4], dailyRatios[len(dailyRatios)*3/4])
	b.Logf("each in a new process, start-up included: build median %.0f ms %v; Hugo alone median %.0f ms %v; ratio %.2f",
		ms(cb), msList(childBuilds), ms(ch), msList(childHugos), float64(cb)/float64(ch))
}

// pairsPerLoop is how many pairs of each kind (a rebuild, the daily rebuild) an iteration of
// SiteOverHugo times: on this shared machine single pairs range from 0.85 to 1.35 and the
// median of 9 moved by 0.1 from one run to the next, so make bench's 9 iterations time 27.
const pairsPerLoop = 3

// pairPrefix starts the line on which a "pair" child reports its two times, in nanoseconds.
const pairPrefix = "pair-ns "

// pairInChild runs timePair in a child process and returns its build's and Hugo's mean times.
func pairInChild(root, hugoRoot, out string, daily bool) (build, hugo time.Duration, err error) {
	cmd := child("pair", rootEnv+"="+root, hugoRootEnv+"="+hugoRoot, outEnv+"="+out, dailyEnv+"="+strconv.FormatBool(daily))
	var stdout, stderr limitedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("timing a build and Hugo in a child process: %w\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if v, ok := strings.CutPrefix(line, pairPrefix); ok {
			if _, err := fmt.Sscan(v, &build, &hugo); err != nil {
				return 0, 0, fmt.Errorf("the pair child wrote %q: %w", line, err)
			}
			return build, hugo, nil
		}
	}
	return 0, 0, fmt.Errorf("the pair child reported no times:\n%s", stdout.String())
}

// timePair runs in a "pair" child: a build of root into out and Hugo alone rendering
// hugoRoot, once each untimed (the process's first runs, which set up what every later one
// reuses), then twice each timed, build–Hugo–Hugo–build, each after a garbage collection, so
// that neither pays for the other's garbage and neither always comes first. It prints the
// two sums. Each timed build is a rebuild without a change; with daily, each build is on
// another day than the one before it (SOURCE_DATE_EPOCH), as the daily rebuild is.
func timePair(root, hugoRoot, out string, daily bool) error {
	p, err := project.Open(root)
	if err != nil {
		return err
	}
	dests, err := os.MkdirTemp(filepath.Dir(out), "hugo-alone-") // beside the build's, on the same disk
	if err != nil {
		return err
	}
	defer os.RemoveAll(dests)
	var buildTime, hugoTime time.Duration
	n := 0
	builds := 0
	runBuild := func(timed bool) error {
		builds++
		if daily { // 2025-09-01 and 2025-09-02, noon in Beijing
			os.Setenv(project.SourceDateEpochEnv, strconv.Itoa(1756699200+builds%2*86400))
		}
		runtime.GC()
		start := time.Now()
		_, err := pipeline.Run(p, pipeline.Options{Out: out, Log: io.Discard})
		if timed {
			buildTime += time.Since(start)
		}
		return err
	}
	runHugo := func(timed bool) error {
		n++
		dest := filepath.Join(dests, strconv.Itoa(n)) // a new directory, as the build's staging
		runtime.GC()
		start := time.Now()
		err := hugoAlone(hugoRoot, dest)
		if timed {
			hugoTime += time.Since(start)
		}
		return err
	}
	for _, step := range []struct {
		run   func(timed bool) error
		timed bool
	}{{runBuild, false}, {runHugo, false}, {runBuild, true}, {runHugo, true}, {runHugo, true}, {runBuild, true}} {
		if err := step.run(step.timed); err != nil {
			return err
		}
	}
	fmt.Printf("%s%d %d\n", pairPrefix, buildTime/2, hugoTime/2)
	return nil
}

// scaleRuns holds the medians of BenchmarkScale's and BenchmarkNotices' sizes, for the
// summaries of growth.
var scaleRuns = map[size]childRun{}

// BenchmarkScale builds synthetic projects of one notice of 10, 100 and 1,000 rounds, each
// build in a child process (see scale).
func BenchmarkScale(b *testing.B) {
	for _, rounds := range []int{10, 100, 1000} {
		s := size{1, rounds}
		b.Run(s.String(), func(b *testing.B) {
			scale(b, s)
			if rounds == 1000 {
				growth(b, size{1, 100}, s, "rounds")
			}
		})
	}
}

// BenchmarkNotices builds synthetic projects of 10 and 100 notices of 10 rounds each (100 and
// 1,000 rounds), each build in a child process (see scale). Targets: 100 notices within 5 s
// and 500 MB, and growth from 10 to 100 notices no worse than linear.
func BenchmarkNotices(b *testing.B) {
	for _, notices := range []int{10, 100} {
		s := size{notices, 10}
		b.Run(s.String(), func(b *testing.B) {
			scale(b, s)
			if notices == 100 {
				growth(b, size{10, 10}, s, "notices")
			}
		})
	}
}

// scale builds the synthetic project s in a child process (this test binary again, calling
// pipeline.Run as `generator build` does) and reports the median wall time, process start-up
// included, and the peak resident set size of the child (its VmHWM, see reportPeak: Hugo's
// memory too, which Go's own statistics would not show whole). Before the timed builds one
// build writes the calendar lock, public-urls.txt, the generated files and Hugo's cache, as
// they are in a project that has been built before. After each timed build Hugo alone renders
// the same project in a child too, untimed by the benchmark, so that the log says how much of
// the build is Hugo's (`over-hugo`: the build's median over Hugo's).
func scale(b *testing.B, s size) {
	root := benchProject(b, s.notices, s.rounds)
	out := filepath.Join(b.TempDir(), "public")
	first, err := buildInChild(root, out)
	if err != nil {
		b.Fatal(err)
	}
	var runs, hugos []childRun
	for b.Loop() {
		r, err := buildInChild(root, out)
		if err != nil {
			b.Fatal(err)
		}
		runs = append(runs, r)
		b.StopTimer()
		// Hugo alone on the same project after each build, into a new directory as the
		// build's staging is: what the build costs beyond rendering its pages.
		dest := filepath.Join(b.TempDir(), "hugo")
		h, err := runChild("hugo", root, dest)
		if err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(dest)
		hugos = append(hugos, h)
		b.StartTimer()
	}
	m, h := medianRun(runs), medianRun(hugos)
	scaleRuns[s] = m
	b.ReportMetric(ms(m.wall), "wall-ms")
	b.ReportMetric(float64(m.maxRSS)/(1<<20), "peak-RSS-MB")
	b.ReportMetric(float64(m.cpu)/float64(m.wall), "cores")
	b.ReportMetric(float64(m.wall)/float64(h.wall), "over-hugo")
	b.Logf("%s: first build %.0f ms, %.0f MB; then %d builds: median %.0f ms %v, peak RSS up to %.0f MB, %.2f cores; Hugo alone on the same project, after each: median %.0f ms %v (the build ×%.2f)",
		describe(s), ms(first.wall), float64(first.maxRSS)/(1<<20), len(runs), ms(m.wall), msList(walls(runs)), float64(m.maxRSS)/(1<<20), float64(m.cpu)/float64(m.wall),
		ms(h.wall), msList(walls(hugos)), float64(m.wall)/float64(h.wall))
}

// growth logs how the cost grew from the size small to the size large (10× the notices or
// the rounds), once both ran, and the targets of the large one: within 5 s and 500 MB.
func growth(b *testing.B, small, large size, what string) {
	r1, r2 := scaleRuns[small], scaleRuns[large]
	if r1.wall == 0 || r2.wall == 0 {
		return
	}
	grew, rss := float64(r2.wall)/float64(r1.wall), float64(r2.maxRSS)/float64(r1.maxRSS)
	added := large.notices*large.rounds - small.notices*small.rounds
	b.Logf("growth %s → %s (%.0f× the %s): time ×%.1f, peak RSS ×%.1f (linear: ≤ ×10: %s); cost per added round %.2f ms",
		describe(small), describe(large), float64(large.notices*large.rounds)/float64(small.notices*small.rounds), what,
		grew, rss, verdict(grew <= 10 && rss <= 10), ms(r2.wall-r1.wall)/float64(added))
	b.Logf("%s: %.2f s (target ≤ 5 s: %s), peak RSS %.0f MB (target ≤ 500 MB: %s)",
		describe(large), r2.wall.Seconds(), verdict(r2.wall <= 5*time.Second), float64(r2.maxRSS)/(1<<20), verdict(r2.maxRSS <= 500<<20))
}

// describe names a synthetic size in words: "100 notices × 10 rounds", "1000 rounds".
func describe(s size) string {
	if s.notices == 1 {
		return fmt.Sprintf("%d rounds", s.rounds)
	}
	return fmt.Sprintf("%d notices × %d rounds", s.notices, s.rounds)
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
