package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/windows"
)

// renameRetryTime is how long rename keeps trying while a directory is in use. A virus
// scanner or the search indexer opens freshly written files for a moment; a program that
// has the directory open for longer makes rename fail.
const renameRetryTime = 2 * time.Second

// rename renames a directory in place, trying again for a moment while it is in use.
func rename(from, to string) error {
	deadline := time.Now().Add(renameRetryTime)
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		err := os.Rename(from, to)
		if err == nil || !inUse(err) || time.Now().Add(wait).After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}

// inUse reports whether err says that a program has the file or directory open.
func inUse(err error) bool {
	return errors.Is(err, windows.ERROR_ACCESS_DENIED) ||
		errors.Is(err, windows.ERROR_SHARING_VIOLATION) ||
		errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}

// publishError says that putting a site at out failed; the published site is as it was.
func publishError(out string, err error) error {
	if inUse(err) {
		return fmt.Errorf("publishing %s: a program has it or a file in it open, so the site was not replaced and the published one is unchanged; close programs that have %s open (an Explorer window, a terminal, an editor, a web server) and build again: %w",
			out, filepath.Base(out), err)
	}
	return fmt.Errorf("publishing %s: %w", out, err)
}
