package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"examnotice/generator/internal/check"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/deploy"
	"examnotice/generator/internal/desk"
	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/preview"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/sitefolder"
)

const usageText = `usage:
  exam-notice init DIR                                   make DIR a new site folder (hugo.toml, data/, 使用说明.txt)
  exam-notice check [-root dir]                          load and check data/, print warnings
  exam-notice build [-root dir] [-out dir] [-baseurl u]  check, derive and render the site into out (default public/)
  exam-notice serve [-root dir] [-port n]                preview on localhost with live reload
  exam-notice import [-root dir] FILE                    add the notice FILE (its text, UTF-8, or its .docx) to data/
  exam-notice import [-root dir] -amend [-dry-run] [-cancel ID]... FILE
                                                         carry the corrected notice FILE into its notice's data
  exam-notice import [-root dir] [-dry-run] [-note TEXT] -cancel ID... | -restore ID...
                                                         mark the round (2024h2-7) or session (2024h2-7.exam-2-theory)
                                                         ID cancelled, or withdraw its cancellation
  exam-notice deploy [-root dir] [-site dir] [-to target-or-url] [-dry-run] [-force] [-max-deletes n]
                     [-delete PATH]... [-delete-all-listed]
                                                         publish the built site (default public/) to object storage
  exam-notice desk [-root dir] [-no-browser]             the staff's desk in the browser (also: exam-notice alone)
  exam-notice version                                    print the release, its commit, and the Go and Hugo versions`

type usageError string

func (u usageError) Error() string { return string(u) + "\n" + usageText }

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return startDesk(deskFolder(), true, stdout) // a double-click
	}
	switch args[0] {
	case "version":
		if len(args) > 1 {
			return usageError("version takes no argument")
		}
		fmt.Fprintln(stdout, version())
		return nil
	case "init":
		if len(args) != 2 {
			return usageError("init takes one DIR: the new site folder")
		}
		return initFolder(args[1], stdout)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	root := fs.String("root", ".", "the site folder (hugo.toml, data/)")
	var out, baseURL, siteDir, to *string
	var port, maxDeletes *int
	var dryRun, force, amend, deleteListed, noBrowser *bool
	var cancel, restore, deletes list
	var note *string
	switch args[0] {
	case "check":
	case "build":
		out = fs.String("out", "", "published directory (default <root>/public)")
		baseURL = fs.String("baseurl", "", "base URL of the deployed site (overrides hugo.toml and $"+project.BaseURLEnv+")")
	case "serve":
		port = fs.Int("port", 1313, "port on 127.0.0.1")
	case "desk":
		noBrowser = fs.Bool("no-browser", false, "only print the desk's address")
	case "import":
		amend = fs.Bool("amend", false, "FILE corrects a notice already imported")
		dryRun = fs.Bool("dry-run", false, "with -amend or -cancel: say what would change, write nothing")
		fs.Var(&cancel, "cancel", "mark this round or session cancelled (repeatable)")
		fs.Var(&restore, "restore", "withdraw the cancellation of this round or session (repeatable)")
		note = fs.String("note", "", "change_note of notice.yaml, said with every change (e.g. 依据补充通知)")
	case "deploy":
		siteDir = fs.String("site", "", "the built site (default <root>/public)")
		to = fs.String("to", "", "a target of hugo.toml's [deployment] by name, or a URL (s3://bucket?endpoint=…&region=…); default its first")
		dryRun = fs.Bool("dry-run", false, "say what would be uploaded and deleted, change nothing")
		force = fs.Bool("force", false, "upload every file (after a change of the matchers' headers)")
		maxDeletes = fs.Int("max-deletes", deploy.DefaultMaxDeletes, "delete at most this many stale files (-1: no limit)")
		fs.Var(&deletes, "delete", "an object the site no longer has that may be deleted (repeatable)")
		deleteListed = fs.Bool("delete-all-listed", false, "delete every object the last dry run listed")
	default:
		return usageError(fmt.Sprintf("unknown command %q", args[0]))
	}
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(err.Error())
	}
	if args[0] == "import" {
		switch {
		case fs.NArg() > 1:
			return usageError("import takes one FILE: the notice's text or its .docx")
		case *amend && fs.NArg() == 0:
			return usageError("import -amend takes the corrected notice FILE")
		case !*amend && fs.NArg() == 1 && len(cancel)+len(restore) > 0:
			return usageError("-cancel and -restore go with -amend FILE, or alone")
		case !*amend && len(cancel)+len(restore) == 0 && (*dryRun || *note != ""):
			return usageError("-dry-run and -note go with -amend, -cancel or -restore")
		case !*amend && len(cancel)+len(restore) == 0:
			if fs.NArg() != 1 {
				return usageError("import takes one FILE: the notice's text or its .docx")
			}
			return importNotice(*root, fs.Arg(0), stdout)
		}
		return amendNotice(importer.AmendOptions{Root: *root, File: fs.Arg(0), Cancel: cancel, Restore: restore, Note: *note, DryRun: *dryRun}, stdout)
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	layout := project.Layout{Root: *root}
	switch args[0] {
	case "desk":
		return startDesk(*root, !*noBrowser, stdout)
	case "check":
		p, err := check.Data(layout, check.Options{})
		if err != nil {
			return err
		}
		for _, w := range p.Warnings {
			fmt.Fprintf(stdout, "warning: %s\n", w)
		}
		rounds, _ := p.Rounds()
		fmt.Fprintf(stdout, "data ok: %s, %s, %s\n", data.Plural(len(p.Notices), "notice"), data.Plural(rounds, "round"), data.Plural(len(p.Warnings), "warning"))
		return nil
	case "build":
		p, err := project.Open(*root)
		if err != nil {
			return err
		}
		if *out == "" {
			*out = p.Out()
		}
		sum, err := pipeline.Run(p, pipeline.Options{Out: *out, BaseURL: *baseURL, Log: stdout})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "built %s: %s\n", *out, sum)
		return nil
	case "deploy":
		p, err := project.Open(*root)
		if err != nil {
			return err
		}
		if *siteDir == "" {
			*siteDir = p.Out()
		}
		return deploy.Run(p, deploy.Options{Site: *siteDir, To: *to, DryRun: *dryRun, Force: *force, MaxDeletes: *maxDeletes, Delete: deletes, DeleteAllListed: *deleteListed, Log: stdout})
	}
	p, err := project.Open(*root)
	if err != nil {
		return err
	}
	return preview.Serve(p, preview.Options{Port: *port, Log: stdout})
}

// importNotice adds the notice file to the project at root and prints the import's report,
// also when the written data does not check (the error then lists why). notice.yaml's
// updated is today in Asia/Shanghai, as SOURCE_DATE_EPOCH pins it for a build.
func importNotice(root, file string, stdout io.Writer) error {
	today, err := project.Today()
	if err != nil {
		return err
	}
	r, err := importer.Import(importer.Options{Root: root, File: file, Updated: data.Date{Time: today}})
	if r != nil {
		fmt.Fprintln(stdout, r)
	}
	return err
}

// amendNotice carries a correction into the project at root and prints what changes.
func amendNotice(opt importer.AmendOptions, stdout io.Writer) error {
	today, err := project.Today()
	if err != nil {
		return err
	}
	opt.Updated = data.Date{Time: today}
	r, err := importer.Amend(opt)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, r)
	return nil
}

// list is a repeatable flag: round ids, paths.
type list []string

func (r *list) String() string { return strings.Join(*r, ",") }

func (r *list) Set(id string) error {
	*r = append(*r, id)
	return nil
}

// startDesk runs the staff's desk for the site folder root until the program is stopped.
func startDesk(root string, browser bool, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	open := desk.OpenBrowser
	if !browser {
		open = nil
	}
	return desk.Serve(ctx, desk.Options{Root: root, Log: stdout}, open)
}

// deskFolder is the site folder of a program started with no argument: the current folder
// when it is one, else the program's own folder (a double-click on macOS starts it in the
// home folder; the site folder holds the program, as init puts it there).
func deskFolder() string {
	isSite := func(dir string) bool {
		_, err := os.Stat(project.Layout{Root: dir}.Data())
		return err == nil
	}
	if isSite(".") {
		return "."
	}
	if exe, err := os.Executable(); err == nil && isSite(filepath.Dir(exe)) {
		return filepath.Dir(exe)
	}
	return "."
}

// initFolder makes dir a new site folder with this program in it, and says what to do next.
func initFolder(dir string, stdout io.Writer) error {
	program, err := os.Executable()
	if err != nil {
		return err
	}
	if err := sitefolder.Init(dir, program); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已建好网站文件夹 %s（程序也复制进去了）。下一步见其中的 使用说明.txt：先在 hugo.toml 里填网站地址，再导入通知。\n", filepath.ToSlash(dir))
	return nil
}
