//go:build unix

package publish

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// Lock takes an exclusive lock on dir/lock for the length of a build, so that two builds of one
// project never write the same generated files at once. It blocks until the lock is free.
func Lock(dir string) (unlock func(), err error) {
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
		return nil, fmt.Errorf("taking the build lock %s: %w", f.Name(), err)
	}
	return func() {
		unix.Flock(fd, unix.LOCK_UN)
		f.Close()
	}, nil
}
