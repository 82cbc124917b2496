// Package content carries the site's content pages and adapters in the exam-notice binary,
// so that a site folder need not have them. Hugo does not read this file: the content mount
// excludes Go files.
package content

import "embed"

// Files are the pages (*.md) and the content adapters of notices/ and rounds/.
//
//go:embed *.md all:notices all:rounds
var Files embed.FS
