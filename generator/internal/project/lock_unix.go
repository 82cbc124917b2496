//go:build unix

package project

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive lock on dir/lock (see Layout.Lock). When it is held, it calls
// waiting, then blocks until the lock is free.
func lock(dir string, waiting func()) (unlock func(), err error) {
	f, err := openLockFile(dir)
	if err != nil {
		return nil, err
	}
	fd := int(f.Fd())
	if err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB); errors.Is(err, unix.EWOULDBLOCK) {
		waiting()
	} else if err == nil {
		return release(f, fd), nil
	}
	for {
		err = unix.Flock(fd, unix.LOCK_EX)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("taking the project lock %s: %w", f.Name(), err)
	}
	return release(f, fd), nil
}

func release(f *os.File, fd int) func() {
	return func() {
		unix.Flock(fd, unix.LOCK_UN)
		f.Close()
	}
}
