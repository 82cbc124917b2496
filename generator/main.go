// Command exam-notice (built from this directory: make dist, or go run ./generator) makes a
// new site folder, imports the issuer's notices into its data, checks the data, builds the
// site with embedded Hugo and the theme it carries, and deploys it to object storage.
//
//	exam-notice init DIR
//	exam-notice check [-root dir]
//	exam-notice build [-root dir] [-out dir] [-baseurl url]
//	exam-notice serve [-root dir] [-port n]
//	exam-notice import [-root dir] FILE
//	exam-notice deploy [-root dir] [-site dir] [-to target-or-url] [-dry-run] [-force] [-max-deletes n]
//	exam-notice version
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	_ "time/tzdata" // Asia/Shanghai without relying on the machine's zoneinfo

	"examnotice/generator/internal/pipeline"
)

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(pipeline.MemoryLimit) // a large site's build stays under 500 MB
	}
	err := run(os.Args[1:], os.Stdout)
	var usage usageError
	switch {
	case err == nil:
		return
	case errors.As(err, &usage):
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
