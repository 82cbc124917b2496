// Package themes carries the site's theme (notice/) and its default configuration
// (defaults.toml) in the exam-notice binary, so that a site folder needs neither.
package themes

import "embed"

// Files are notice/ and defaults.toml.
//
//go:embed all:notice defaults.toml
var Files embed.FS
