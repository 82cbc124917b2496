// Package sitefolder is what the exam-notice binary carries of a site folder. A site folder
// needs only its data/ and its own hugo.toml (its address, its deploy target): for Hugo,
// HugoConfig writes out the default configuration, and the theme and the content pages where
// the folder has none of its own, with the configuration of the folder's layout; Init makes
// a new site folder.
package sitefolder

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"examnotice/content"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/project"
	"examnotice/themes"
)

// defaults is the default configuration in package themes' files.
const defaults = "defaults.toml"

// layoutConfig is the configuration of a site folder's layout that HugoConfig writes: where
// the theme and the content are, and the mounts of the generated files. Paths are relative to
// the folder and slash-separated, so the file is the same on every system.
type layoutConfig struct {
	Theme     string `toml:"theme"`
	ThemesDir string `toml:"themesDir"`
	Module    struct {
		// Defining any mount replaces Hugo's defaults: the content, the templates' data
		// (hugo.Data) and the preview's generated files.
		Mounts []mount `toml:"mounts"`
	} `toml:"module"`
}

type mount struct {
	Source string   `toml:"source"`
	Target string   `toml:"target"`
	Files  []string `toml:"files,omitempty"` // globs; "! " excludes
}

// HugoConfig writes what Hugo reads of the binary for the site folder l into l.Builtin(): the
// default configuration, the theme and the content pages where the folder lacks its own, and
// the configuration of the folder's layout. It returns Hugo's --config: the default
// configuration, the folder's hugo.toml, the layout's, relative to the folder (Hugo's
// source); a later file wins. The caller holds the folder's lock.
func HugoConfig(l project.Layout) (string, error) {
	files := map[string][]byte{}
	if err := add(files, themes.Files, defaults, ""); err != nil {
		return "", err
	}
	var cfg layoutConfig
	cfg.Theme = project.ThemeName
	cfg.ThemesDir = relative(l, l.Themes())
	if !exists(filepath.Join(l.Themes(), project.ThemeName)) {
		if err := add(files, themes.Files, project.ThemeName, "themes"); err != nil {
			return "", err
		}
		cfg.ThemesDir = relative(l, filepath.Join(l.Builtin(), "themes"))
	}
	contentDir := relative(l, l.Content())
	if !exists(l.Content()) {
		if err := add(files, content.Files, ".", "content"); err != nil {
			return "", err
		}
		contentDir = relative(l, filepath.Join(l.Builtin(), "content"))
	}
	cfg.Module.Mounts = []mount{
		{Source: contentDir, Target: "content", Files: []string{"! **.go"}}, // package content's embed.go
		{Source: relative(l, l.TemplateData()), Target: "data"},
		{Source: relative(l, l.PreviewStatic()), Target: "static"},
	}
	b, err := toml.Marshal(cfg)
	if err != nil {
		return "", err
	}
	files["layout.toml"] = append([]byte("# The layout of this site folder, written by exam-notice for Hugo: do not edit.\n"), b...)
	if err := datafile.Sync(l.Builtin(), files); err != nil {
		return "", fmt.Errorf("writing the site's built-in files: %w", err)
	}
	// Relative to the folder, which Hugo takes them as under: a comma in the folder's own
	// path would split the list.
	return strings.Join([]string{relative(l, filepath.Join(l.Builtin(), defaults)), relative(l, l.Config()), relative(l, filepath.Join(l.Builtin(), "layout.toml"))}, ","), nil
}

// add puts the files of fsys under root into files, keyed by their paths under dir.
func add(files map[string][]byte, fsys fs.FS, root, dir string) error {
	return fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(name, ".go") {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		files[path.Join(dir, name)] = b
		return err
	})
}

// relative is path relative to the site folder, slash-separated.
func relative(l project.Layout, p string) string {
	rel, err := filepath.Rel(l.Root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
