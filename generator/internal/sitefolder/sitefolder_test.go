package sitefolder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/project"
)

// HugoConfig writes the theme and the content pages the binary carries only while the folder
// lacks its own, and the layout points Hugo at whichever is used.
func TestHugoConfig(t *testing.T) {
	l := project.Layout{Root: t.TempDir()}
	builtin := func(name string) bool {
		_, err := os.Stat(filepath.Join(l.Builtin(), filepath.FromSlash(name)))
		return err == nil
	}
	layout := func() string {
		b, err := os.ReadFile(filepath.Join(l.Builtin(), "layout.toml"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	config, err := HugoConfig(l)
	if err != nil {
		t.Fatal(err)
	}
	if config != ".build/builtin/defaults.toml,hugo.toml,.build/builtin/layout.toml" {
		t.Errorf("config %q", config)
	}
	for _, name := range []string{"defaults.toml", "themes/notice/layouts/baseof.html", "themes/notice/assets/nginx.conf", "content/_index.md", "content/rounds/_content.gotmpl"} {
		if !builtin(name) {
			t.Errorf("a folder of data only: .build/builtin lacks %s", name)
		}
	}
	if builtin("content/embed.go") {
		t.Error("the Go file that embeds the content is written out with it")
	}
	if l := layout(); !strings.Contains(l, "themesDir = '.build/builtin/themes'") || !strings.Contains(l, "source = '.build/builtin/content'") {
		t.Errorf("the layout does not use the built-in theme and content:\n%s", l)
	}

	for _, own := range []string{filepath.Join(l.Themes(), project.ThemeName), l.Content()} {
		if err := os.MkdirAll(own, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := HugoConfig(l); err != nil {
		t.Fatal(err)
	}
	if builtin("themes") || builtin("content") || !builtin("defaults.toml") {
		t.Error("with a theme and content of its own, the built-in ones are still written out, or the defaults are not")
	}
	if l := layout(); !strings.Contains(l, "themesDir = 'themes'") || !strings.Contains(l, "source = 'content'") {
		t.Errorf("the layout does not use the folder's own theme and content:\n%s", l)
	}
}
