package publish

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// allBytes locks the whole file, as far as it may ever grow (both halves of the length).
const allBytes = ^uint32(0)

// Lock takes an exclusive lock on dir/lock for the length of a build, so that two builds of one
// project never write the same generated files at once. It blocks until the lock is free.
func Lock(dir string) (unlock func(), err error) {
	f, err := openLockFile(dir)
	if err != nil {
		return nil, err
	}
	handle := windows.Handle(f.Fd())
	// Without LOCKFILE_FAIL_IMMEDIATELY, LockFileEx waits until the lock is free.
	if err := windows.LockFileEx(handle, windows.LOCKFILE_EXCLUSIVE_LOCK, 0, allBytes, allBytes, new(windows.Overlapped)); err != nil {
		f.Close()
		return nil, fmt.Errorf("taking the build lock %s: %w", f.Name(), err)
	}
	return func() {
		windows.UnlockFileEx(handle, 0, allBytes, allBytes, new(windows.Overlapped))
		f.Close()
	}, nil
}
