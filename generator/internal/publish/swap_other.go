//go:build !linux

package publish

// replaceExisting replaces out by next with two renames: no system but Linux can exchange
// two directories in one step here (see the package doc for what this guarantees).
func replaceExisting(next, out string) error {
	return replaceByTwoRenames(next, out)
}
