// Package publish puts a finished build of the site in the place of the published directory,
// so that a failed or interrupted build never leaves a broken site behind.
//
// A build of a project goes:
//
//  1. Lock: one build of the project at a time, so that two never write the same generated
//     files at once.
//  2. Staging: a fresh directory beside the published one (out), on the same file system;
//     first it puts back what an interrupted build left there. Its Stage names what earlier
//     builds left there (the site the last build replaced, unfinished staging directories),
//     which Sweep removes next to the build's work.
//  3. The site is rendered into the staging directory, and Link adds the generated files
//     (calendars, QR images, notice.json) to it, as hard links where it can: directly, or
//     into a directory beside it while Hugo renders, from which Move then moves them in. A
//     directory of them that the site the last build replaced already holds as it is (on a
//     rebuild, calendars/ and qr/ whole) Link takes from that site in one rename, before
//     Sweep removes the rest of it.
//  4. Replace swaps the finished directory into the place of out and leaves the old site
//     beside it, retired, for the next build to remove: between two builds the disk holds
//     the site twice (what they share, the generated files linked in, once).
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
