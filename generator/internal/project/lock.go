package project

import (
	"fmt"
	"os"
	"path/filepath"
)

// Lock takes the project's lock, .build/lock, for as long as a build runs or the preview
// writes the generated files, so that two of them never write the same files at once. It
// waits until the lock is free; unlock releases it.
func (l Layout) Lock() (unlock func(), err error) { return lock(l.work()) }

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
