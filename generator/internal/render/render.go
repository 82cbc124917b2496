// Package render runs the embedded Hugo: the one place that knows its command line. A build
// renders the project into a directory; the preview serves it with live reload. Both get the
// same flags, so that a template the preview accepts is one the build accepts, and the other
// way round (--panicOnWarning in both: a deprecated or wrong template use is an error).
package render

import (
	"path/filepath"
	"strconv"

	"github.com/gohugoio/hugo/commands"
)

// common are the flags of every run: the site folder, its configuration files (package
// sitefolder's HugoConfig), and warnings as errors.
func common(root, config, base string) []string {
	return []string{
		"--source", root,
		"--config", config,
		"--baseURL", base,
		"--noBuildLock",
		"--panicOnWarning",
	}
}

// BuildArgs are the arguments of a build of the site folder root with its configuration
// files config into dest for the site at base. The benchmarks run Hugo alone with them.
func BuildArgs(root, config, dest, base string) []string {
	return append([]string{"build", "--destination", dest, "--environment", "production", "--quiet"}, common(root, config, base)...)
}

// Build renders the site folder root with its configuration files config into dest, a new
// directory, for the site at base.
func Build(root, config, dest, base string) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	if dest, err = filepath.Abs(dest); err != nil { // Hugo would take a relative one as under root
		return err
	}
	return commands.Execute(BuildArgs(root, config, dest, base))
}

// Serve previews the site folder root with its configuration files config on
// 127.0.0.1:port with live reload, until the process ends.
func Serve(root, config string, port int, base string) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	return commands.Execute(append([]string{
		"server",
		"--bind", "127.0.0.1",
		"--port", strconv.Itoa(port),
		"--appendPort=false",
	}, common(root, config, base)...))
}
