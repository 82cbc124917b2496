//go:build unix

package bench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	_ "time/tzdata" // as in the generator's main

	"github.com/gohugoio/hugo/commands"

	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/preview"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/render"
	"examnotice/generator/internal/sitefolder"
	"examnotice/generator/internal/synthetic"
	"examnotice/generator/internal/testkit"
)

// The benchmarks start this test binary again as a child process to build or serve a
// project, so that the child's peak memory is the build's alone. childEnv names the job.
const (
	childEnv    = "EXAMNOTICE_BENCH_CHILD" // "build", "hugo", "pair" or "serve"
	rootEnv     = "EXAMNOTICE_BENCH_ROOT"
	outEnv      = "EXAMNOTICE_BENCH_OUT"
	portEnv     = "EXAMNOTICE_BENCH_PORT"
	hugoRootEnv = "EXAMNOTICE_BENCH_HUGO_ROOT" // pair: the project Hugo alone renders
	dailyEnv    = "EXAMNOTICE_BENCH_DAILY"     // pair: "true" for the daily rebuild (see timePair)
)

func TestMain(m *testing.M) {
	job := os.Getenv(childEnv)
	if job == "" {
		os.Exit(m.Run())
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(pipeline.MemoryLimit) // as the generator's main does
	}
	switch job {
	case "build":
		err := buildOnce(os.Getenv(rootEnv), os.Getenv(outEnv))
		reportPeak()
		exit(err)
	case "hugo":
		err := hugoAlone(os.Getenv(rootEnv), os.Getenv(outEnv))
		reportPeak()
		exit(err)
	case "pair":
		exit(timePair(os.Getenv(rootEnv), os.Getenv(hugoRootEnv), os.Getenv(outEnv), os.Getenv(dailyEnv) == "true"))
	case "serve":
		port, err := strconv.Atoi(os.Getenv(portEnv))
		var p *project.Project
		if err == nil {
			p, err = project.Open(os.Getenv(rootEnv))
		}
		if err == nil {
			err = preview.Serve(p, preview.Options{Port: port, Log: os.Stderr})
		}
		exit(err)
	default:
		exit(fmt.Errorf("unknown child job %q", os.Getenv(childEnv)))
	}
}

// peakPrefix starts the line on which a child reports its peak resident set size.
const peakPrefix = "peak-rss-kB "

// reportPeak prints the peak resident set size of this process, VmHWM of /proc/self/status.
// The rusage of the child (wait4's ru_maxrss) cannot be used: Go starts a child with
// vfork, so until it executes the child shares the parent's memory, and Linux keeps that
// high-water mark in the child's ru_maxrss. It would report the benchmark's own size, not
// the build's. VmHWM belongs to the memory the child has after exec.
func reportPeak() {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Println(peakPrefix + strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
		}
	}
}

// buildOnce builds the project root into out, as `generator build` does.
func buildOnce(root, out string) error {
	p, err := project.Open(root)
	if err != nil {
		return err
	}
	_, err = pipeline.Run(p, pipeline.Options{Out: out, Log: io.Discard})
	return err
}

// hugoAlone renders the project root into dest with the same embedded Hugo, called the same
// way (render.BuildArgs), as a build does.
func hugoAlone(root, dest string) error {
	p, err := project.Open(root)
	if err != nil {
		return err
	}
	base, err := p.BaseURL("")
	if err != nil {
		return err
	}
	config, err := sitefolder.HugoConfig(p.Layout) // written by the build that ran before
	if err != nil {
		return err
	}
	return commands.Execute(render.BuildArgs(root, config, dest, base))
}

func exit(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// child prepares this test binary to run job in a child process with the given variables.
func child(job string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), append([]string{childEnv + "=" + job}, env...)...)
	return cmd
}

// childRun is what one child process cost.
type childRun struct {
	wall   time.Duration // from start to exit, process start-up included
	cpu    time.Duration // user + system time of the child
	maxRSS int64         // peak resident set size (VmHWM), bytes
}

// buildInChild builds the project root into out in a child process.
func buildInChild(root, out string) (childRun, error) { return runChild("build", root, out) }

// runChild runs job ("build" or "hugo", Hugo alone) on the project root, into out, in a
// child process, and reports what it cost.
func runChild(job, root, out string) (childRun, error) {
	cmd := child(job, rootEnv+"="+root, outEnv+"="+out)
	var stdout, stderr limitedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return childRun{}, fmt.Errorf("%s of %s in a child process: %w\n%s", job, root, err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return childRun{}, fmt.Errorf("no resource usage for the child process")
	}
	var peak int64
	for _, line := range strings.Split(stdout.String(), "\n") {
		if v, ok := strings.CutPrefix(line, peakPrefix); ok {
			peak, _ = strconv.ParseInt(v, 10, 64)
		}
	}
	if peak == 0 {
		return childRun{}, fmt.Errorf("%s of %s: the child reported no peak memory:\n%s", job, root, stdout.String())
	}
	return childRun{
		wall:   wall,
		cpu:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		maxRSS: peak * 1024,
	}, nil
}

// limitedBuffer keeps the first 64 KB written to it.
type limitedBuffer struct{ b []byte }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := 64<<10 - len(l.b); room > 0 {
		l.b = append(l.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (l *limitedBuffer) String() string { return string(l.b) }

// realRoot is the project root, three levels above this package.
var realRoot = filepath.Join("..", "..", "..")

// benchProject makes a temporary project root: a copy of the real one when notices is 0, else a
// synthetic project of that many notices of rounds rounds each.
func benchProject(b testing.TB, notices, rounds int) string {
	b.Helper()
	root := b.TempDir()
	var err error
	if notices == 0 {
		for _, name := range []string{"hugo.toml", "data", "content", "themes"} {
			if err = testkit.CopyTree(filepath.Join(root, name), filepath.Join(realRoot, name)); err != nil {
				break
			}
		}
	} else {
		err = synthetic.Project(root, realRoot, notices, rounds)
	}
	if err != nil {
		b.Fatal(err)
	}
	return root
}
