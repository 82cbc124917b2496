package project

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

// allBytes locks the whole file, as far as it may ever grow (both halves of the length).
const allBytes = ^uint32(0)

// lock takes an exclusive lock on dir/lock (see Layout.Lock). When it is held, it calls
// waiting, then blocks until the lock is free.
func lock(dir string, waiting func()) (unlock func(), err error) {
	f, err := openLockFile(dir)
	if err != nil {
		return nil, err
	}
	handle := windows.Handle(f.Fd())
	if err := windows.LockFileEx(handle, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, allBytes, allBytes, new(windows.Overlapped)); err == nil {
		return release(f, handle), nil
	}
	waiting()
	// Without LOCKFILE_FAIL_IMMEDIATELY, LockFileEx waits until the lock is free.
	if err := windows.LockFileEx(handle, windows.LOCKFILE_EXCLUSIVE_LOCK, 0, allBytes, allBytes, new(windows.Overlapped)); err != nil {
		f.Close()
		return nil, fmt.Errorf("taking the project lock %s: %w", f.Name(), err)
	}
	return release(f, handle), nil
}

func release(f *os.File, handle windows.Handle) func() {
	return func() {
		windows.UnlockFileEx(handle, 0, allBytes, allBytes, new(windows.Overlapped))
		f.Close()
	}
}
