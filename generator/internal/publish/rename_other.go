//go:build !windows

package publish

import (
	"fmt"
	"os"
)

// rename renames a directory in place.
func rename(from, to string) error { return os.Rename(from, to) }

// publishError says that putting a site at out failed; the published site is as it was.
func publishError(out string, err error) error {
	return fmt.Errorf("publishing %s: %w", out, err)
}
