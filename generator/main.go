// Command generator checks the exam notice's data, builds its site with embedded Hugo and
// deploys it to object storage.
//
//	generator check [-root dir]
//	generator build [-root dir] [-out dir] [-baseurl url]
//	generator serve [-root dir] [-port n]
//	generator import [-root dir] FILE
//	generator deploy [-root dir] [-site dir] [-to target-or-url] [-dry-run] [-force] [-max-deletes n]
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
