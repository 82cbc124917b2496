package publish

import (
	"errors"

	"golang.org/x/sys/unix"
)

// replaceExisting exchanges next and out in one atomic step, so that out is at every instant
// the whole old site or the whole new one, and retires the old site, now in next. On a file
// system without the exchange it falls back to two renames.
func replaceExisting(next, out string) error {
	err := unix.Renameat2(unix.AT_FDCWD, next, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		retire(next, next)
		return nil
	case errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS):
		return replaceByTwoRenames(next, out)
	default:
		return publishError(out, err)
	}
}
