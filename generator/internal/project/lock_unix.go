//go:build unix

package project

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive lock on dir/lock (see Layout.Lock). It blocks until the lock is free.
func lock(dir string) (unlock func(), err error) {
	f, err := openLockFile(dir)
	if err != nil {
		return nil, err
	}
	fd := int(f.Fd())
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
	return func() {
		unix.Flock(fd, unix.LOCK_UN)
		f.Close()
	}, nil
}
