package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/gohugoio/hugo/common/hugo"
)

// release and commit are the version of a release and the commit it was built from, stamped
// by `make dist` (-ldflags -X main.release=… -X main.commit=…). Unstamped, the commit is the
// one Go stamped, if any.
var release, commit = "dev", ""

// version says which program this is: the release, the commit it was built from (with
// "+changes" when Go stamped a tree with uncommitted changes), the Go and Hugo versions, the
// system.
func version() string {
	commit := commit
	if info, ok := debug.ReadBuildInfo(); ok && commit == "" {
		modified := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified {
			commit += "+changes"
		}
	}
	if commit == "" {
		commit = "unknown"
	}
	return fmt.Sprintf("exam-notice %s (commit %s)\n%s, Hugo %s, %s/%s", release, commit, runtime.Version(), hugo.CurrentVersion, runtime.GOOS, runtime.GOARCH)
}
