package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"examnotice/generator/internal/build"
	"examnotice/generator/internal/calendar"
	"examnotice/generator/internal/change"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/deploy"
	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/preview"
	"examnotice/generator/internal/provenance"
	"examnotice/generator/internal/publicurl"
	"examnotice/generator/internal/site"
)

const usageText = `usage:
  generator check [-root dir]                          load and check data/, print warnings
  generator build [-root dir] [-out dir] [-baseurl u]  check, derive and render the site into out (default public/)
  generator serve [-root dir] [-port n]                preview on localhost with live reload
  generator import [-root dir] FILE                    add the notice FILE (its text, UTF-8, or its .docx) to data/
  generator deploy [-root dir] [-site dir] [-to target-or-url] [-dry-run] [-force] [-max-deletes n]
                                                       publish the built site (default public/) to object storage with
                                                       Hugo's deploy (compiled with -tags withdeploy: make deploy)`

type usageError string

func (u usageError) Error() string { return string(u) + "\n" + usageText }

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError("missing command")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	root := fs.String("root", ".", "project root (hugo.toml, data/, content/, themes/)")
	var out, baseURL, siteDir, to *string
	var port, maxDeletes *int
	var dryRun, force *bool
	switch args[0] {
	case "check":
	case "build":
		out = fs.String("out", "", "published directory (default <root>/public)")
		baseURL = fs.String("baseurl", "", "base URL of the deployed site (overrides hugo.toml and $"+build.BaseURLEnv+")")
	case "serve":
		port = fs.Int("port", 1313, "port on 127.0.0.1")
	case "import":
	case "deploy":
		siteDir = fs.String("site", "", "the built site (default <root>/public)")
		to = fs.String("to", "", "a target of hugo.toml's [deployment] by name, or a URL (s3://bucket?endpoint=…&region=…); default its first")
		dryRun = fs.Bool("dry-run", false, "say what would be uploaded and deleted, change nothing")
		force = fs.Bool("force", false, "upload every file (after a change of the matchers' headers)")
		maxDeletes = fs.Int("max-deletes", deploy.DefaultMaxDeletes, "delete at most this many stale files (-1: no limit)")
	default:
		return usageError(fmt.Sprintf("unknown command %q", args[0]))
	}
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(err.Error())
	}
	if args[0] == "import" {
		if fs.NArg() != 1 {
			return usageError("import takes one FILE: the notice's text or its .docx")
		}
		return importNotice(*root, fs.Arg(0), stdout)
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	switch args[0] {
	case "check":
		p, err := site.Prepare(filepath.Join(*root, "data"))
		if err != nil {
			return err
		}
		for _, w := range p.Warnings {
			fmt.Fprintf(stdout, "warning: %s\n", w)
		}
		// The data against its sources first: a value changed on one side only is the cause
		// of a stale lock, not the other way round.
		dataDir := filepath.Join(*root, "data")
		if err := errors.Join(provenance.Check(*root), change.Check(dataDir, p.Notices), calendar.CheckLock(dataDir, p.Notices, p.Changes()), checkURLs(*root, p)); err != nil {
			return err
		}
		rounds, _ := p.Rounds()
		fmt.Fprintf(stdout, "data ok: %s, %s, %s\n", data.Plural(len(p.Notices), "notice"), data.Plural(rounds, "round"), data.Plural(len(p.Warnings), "warning"))
		return nil
	case "build":
		if *out == "" {
			*out = filepath.Join(*root, "public")
		}
		sum, err := build.Run(build.Options{Root: *root, Out: *out, BaseURL: *baseURL, Log: stdout})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "built %s: %s\n", *out, sum)
		return nil
	case "deploy":
		if *siteDir == "" {
			*siteDir = filepath.Join(*root, "public")
		}
		return deploy.Run(deploy.Options{Root: *root, Site: *siteDir, To: *to, DryRun: *dryRun, Force: *force, MaxDeletes: *maxDeletes, Log: stdout})
	}
	return preview.Serve(preview.Options{Root: *root, Port: *port, Log: stdout})
}

// importNotice adds the notice file to the project at root and prints the import's report,
// also when the written data does not check (the error then lists why). notice.yaml's
// updated is today in Asia/Shanghai, as SOURCE_DATE_EPOCH pins it for a build.
func importNotice(root, file string, stdout io.Writer) error {
	today, err := build.Today(os.Getenv(build.SourceDateEpochEnv), time.Now())
	if err != nil {
		return err
	}
	r, err := importer.Import(importer.Options{Root: root, File: file, Updated: today})
	if r != nil {
		fmt.Fprintln(stdout, r)
	}
	return err
}

// checkURLs reports the public URLs of the data that data/public-urls.txt does not record
// yet: a build records them, and the list is committed with the data, like the lock.
func checkURLs(root string, p *site.Prepared) error {
	list := filepath.Join(root, "data", publicurl.File)
	missing, err := publicurl.Missing(list, p.PublicURLs())
	if err != nil || len(missing) == 0 {
		return err
	}
	return fmt.Errorf("%s is out of date: it lacks %s of the data (first /%s); run `make` and commit it", filepath.ToSlash(filepath.Join("data", publicurl.File)), data.Plural(len(missing), "public URL"), strings.TrimPrefix(missing[0], "/"))
}
