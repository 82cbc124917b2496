package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Replace puts the finished directory next in the place of out. Afterwards next no longer
// exists, and the old site is beside out under next's name with retiredSuffix, for the next
// build to remove while it reads its data (removing it here would be the last thing a build
// waits for). next must be beside out (see Staging). If out does not exist yet, next is just
// renamed to it.
//
// On an error out still holds the old site, and next the new one, for the caller to remove;
// the one exception, said in the error, is a failure to put the old site back after a failed
// second rename (see the package doc), which the next Staging repairs.
func Replace(next, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := rename(next, out); err != nil {
			return publishError(out, err)
		}
		return nil
	} else if err != nil {
		return fmt.Errorf("looking for the published site %s: %w", out, err)
	}
	return replaceExisting(next, out)
}

// replaceByTwoRenames replaces out by next with two renames: out to a sibling name, next to
// out. out is missing between the two; if the second fails the old site is put back. A crash
// between them leaves the whole old site under the sibling name, for Staging to put back.
func replaceByTwoRenames(next, out string) error {
	parked := next + oldSuffix
	if err := rename(out, parked); err != nil {
		return publishError(out, err)
	}
	if err := rename(next, out); err != nil {
		if restoreErr := rename(parked, out); restoreErr != nil {
			return fmt.Errorf("publishing %s: %w; putting the old site back failed too (%w): it is whole in %s, and the next build puts it back, or rename it to %s by hand",
				out, err, restoreErr, parked, out)
		}
		return publishError(out, err)
	}
	retire(parked, next)
	return nil
}

// retire gives the old site, at old after a Replace, the name of the site the last build
// replaced: next's with retiredSuffix. If that fails it goes back to next's name, which the
// next build removes too; a name ending in oldSuffix must not stay on it, or Staging would
// put it back.
func retire(old, next string) {
	if rename(old, next+retiredSuffix) != nil && old != next {
		rename(old, next)
	}
}
