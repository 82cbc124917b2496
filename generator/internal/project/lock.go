package project

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Lock takes the project's lock, .build/lock, for as long as a build runs, a deploy uploads
// or the preview writes the generated files, so that two of them never interleave. what
// says which ("build", "deploy", "preview"). When another process holds the lock, Lock says
// on log which one and that it waits, then waits until the lock is free; unlock releases it.
func (l Layout) Lock(what string, log io.Writer) (unlock func(), err error) {
	holder := filepath.Join(l.work(), "lock.holder")
	release, err := lock(l.work(), func() {
		who := "another exam-notice"
		if b, err := os.ReadFile(holder); err == nil && len(strings.TrimSpace(string(b))) > 0 {
			who = strings.TrimSpace(string(b))
		}
		fmt.Fprintf(log, "the %s waits: %s holds the site folder's lock (%s); it goes on when that ends\n", what, who, filepath.ToSlash(filepath.Join(l.work(), "lock")))
	})
	if err != nil {
		return nil, err
	}
	// Who holds it, for the message of a process that waits: best effort.
	os.WriteFile(holder, fmt.Appendf(nil, "the %s of process %d\n", what, os.Getpid()), 0o644)
	return release, nil
}

// openLockFile opens dir/lock, creating dir and the file if need be.
func openLockFile(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the directory of the project lock: %w", err)
	}
	path := filepath.Join(dir, "lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening the project lock %s: %w", path, err)
	}
	return f, nil
}
