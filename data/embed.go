// Package data carries what every site folder's data/ starts with in the exam-notice binary:
// the provinces, and the working days with the State Council's texts they are checked
// against. `exam-notice init` writes them into a new site folder. The data checker reads
// only the data files and ignores this one.
package data

import "embed"

// Shared are provinces.yaml, workdays.yaml and the texts workdays-<year>.txt.
//
//go:embed provinces.yaml workdays.yaml workdays-*.txt
var Shared embed.FS
