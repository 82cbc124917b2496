//go:build !linux

package publish

// renameNoReplace renames from to to unless to exists: then it fails with an error that is
// fs.ErrExist. (Nothing else writes there during a build.)
func renameNoReplace(from, to string) error { return renameIfAbsent(from, to) }
