//go:build unix

package pipeline_test

import (
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"

	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// Under the usual umask (022) the published site has the modes of any web root: directories
// 0755, files 0644, so that a copy that keeps them (rsync -a) is readable by the web server's
// own user. The staging directory, made private by os.MkdirTemp, used to publish public/ as
// 0700. A rebuild, which replaces public/, keeps them.
func TestPublishedModes(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	root := testkit.Project(t, testkit.Notice)
	out, _, _ := buildkit.Build(t, root)
	if _, log, err := buildkit.Run(root, pipeline.Options{Out: out}); err != nil {
		t.Fatalf("rebuilding: %v\n%s", err, log)
	}
	n := 0
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o644)
		if d.IsDir() {
			want = fs.ModeDir | 0o755
		}
		if info.Mode() != want && n < 10 {
			n++
			t.Errorf("%s has mode %v, want %v", path, info.Mode(), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
