// Package publish puts a finished build of the site in the place of the published directory
// (out, usually public/), so that a failed or interrupted build never leaves a broken site
// behind. A build:
//
//  1. makes a fresh staging directory beside out, on the same file system (Staging); first
//     it puts back a site that an interrupted build left parked. While the build reads its
//     data, what earlier builds left beside out (the site the last build replaced, staging
//     directories of interrupted builds) is removed (Stage.RemoveLeftovers);
//  2. renders the site into it, and adds the generated files (calendars, QR images, the
//     notices' JSON and texts) with Link, as hard links where the file system allows them;
//  3. swaps it into the place of out (Replace), and leaves the old site beside it, retired,
//     for the next build to remove: between two builds the disk holds the site twice (what
//     they share, the generated files linked in, once).
//
// A generated file is linked, not copied, so that a build of 1,000 rounds (11,000 files)
// does not create them all again; it stays safe because the generator writes a generated
// file only through a new file and a rename (package datafile), never in place, so that a
// published site never changes under its readers.
//
// What a reader of out sees while Replace runs depends on the system:
//
//   - Linux: the two directories are exchanged in one step (renameat2 RENAME_EXCHANGE), so
//     out is at every instant the whole old site or the whole new one. On a file system
//     without that exchange it falls back to the two renames below.
//   - macOS, Windows and the rest: two renames, out to a sibling name and then the new
//     directory to out. Each moves a whole directory, so out is never a mix of the two
//     sites, but it is missing for the moment between the renames. If the second rename
//     fails the old site is put back; if the process dies between the two, the whole old
//     site is under the sibling name and the next Staging puts it back in place.
//     On Windows a directory that a program has open (an Explorer window, a terminal, a
//     server) cannot be renamed: Replace then fails saying so and the old site stays.
//
// Staging directories are named ".<name of out>.building-<digits>"; the old site waits
// under that name plus ".old" between the two renames, and under that name plus ".retired"
// once replaced.
package publish
