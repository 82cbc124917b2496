// Package buildkit is the part of the test kit that runs the build (package pipeline) on a
// project, usually a copy made by testkit.Project. It is apart from testkit because it
// imports the whole generator: the tests of the packages a build is made of (data,
// calendar, timeline, qrcode, site) import testkit, and could not import this without an
// import cycle. Only tests import it.
package buildkit

import (
	"bytes"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/project"
)

// Build builds the project root into out, a new temporary directory, and fails the test
// when the build fails. It returns the summary and what the build logged (the warnings).
func Build(t testing.TB, root string) (out string, sum pipeline.Summary, log string) {
	t.Helper()
	out = filepath.Join(t.TempDir(), "public")
	sum, log, err := Run(root, pipeline.Options{Out: out})
	if err != nil {
		t.Fatalf("building %s: %v\n%s", root, err, log)
	}
	return out, sum, log
}

// Run builds the project root with opt, as `exam-notice build` does, logging into a buffer
// when opt.Log is nil, and returns the summary, what was logged and the error: for builds
// that may or must fail, into a directory of the test's choosing (often one published before).
func Run(root string, opt pipeline.Options) (pipeline.Summary, string, error) {
	var log bytes.Buffer
	if opt.Log == nil {
		opt.Log = &log
	}
	p, err := project.Open(root)
	if err != nil {
		return pipeline.Summary{}, "", err
	}
	sum, err := pipeline.Run(p, opt)
	return sum, log.String(), err
}

// Today pins the day the builds of the test read (project.SourceDateEpochEnv, inherited by
// the generator processes it starts) to the instant at, in RFC 3339 with its offset
// ("2025-09-06T12:00:00+08:00"), until the test ends.
func Today(t testing.TB, at string) {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatalf("buildkit.Today: %v", err)
	}
	t.Setenv(project.SourceDateEpochEnv, strconv.FormatInt(tm.Unix(), 10))
}
