package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// site writes a site folder whose hugo.toml is config, and returns its root.
func site(t *testing.T, config string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "hugo.toml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

const config = `baseURL = "https://exam-notice.example.com/"
[deployment]
  [[deployment.targets]]
    name = "oss"
    URL = "s3://bucket?endpoint=oss.example.com&region=cn"
    baseURL = "https://oss.example.com/"
  [[deployment.targets]]
    name = "other"
    URL = "s3://other"
`

// The base URL is the override, else the environment, else hugo.toml's, always ending in "/".
func TestBaseURL(t *testing.T) {
	p, err := Open(site(t, config))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		override, env, want string
		local               bool
	}{
		{"", "", "https://exam-notice.example.com/", false}, // hugo.toml's
		{"", "https://exam.example.org/2024", "https://exam.example.org/2024/", false},
		{"https://deploy.example.net/", "https://exam.example.org/", "https://deploy.example.net/", false},
		{"http://localhost:1313/", "", "http://localhost:1313/", true},
		{"http://127.0.0.1:8080/", "", "http://127.0.0.1:8080/", true},
		{"http://[::1]:8080/", "", "http://[::1]:8080/", true},
		{"http://0.0.0.0/", "", "http://0.0.0.0/", true},
		{"https://127.example.com/", "", "https://127.example.com/", false},
	} {
		t.Setenv(BaseURLEnv, tt.env)
		got, err := p.BaseURL(tt.override)
		if err != nil || got != tt.want || IsLocal(got) != tt.local {
			t.Errorf("BaseURL(%q, env %q) = %q, %v (local %v); want %q (local %v)", tt.override, tt.env, got, err, IsLocal(got), tt.want, tt.local)
		}
	}
	t.Setenv(BaseURLEnv, "")
	for _, bad := range []string{"exam.example.com", "ftp://exam.example.com/", "https://"} {
		if _, err := p.BaseURL(bad); err == nil || !strings.Contains(err.Error(), "not an absolute http(s) URL") {
			t.Errorf("BaseURL(%q): %v, want a refusal", bad, err)
		}
	}
}

// Open reads hugo.toml once: the deploy targets in order; a folder without it, or a file
// that is not TOML, is refused saying what to do.
func TestOpen(t *testing.T) {
	p, err := Open(site(t, config))
	if err != nil {
		t.Fatal(err)
	}
	if ts := p.Targets(); len(ts) != 2 || ts[0].Name != "oss" || ts[0].BaseURL != "https://oss.example.com/" || ts[1].URL != "s3://other" {
		t.Errorf("targets %+v", ts)
	}
	for _, tt := range []struct{ name, config, want string }{
		{"no hugo.toml", "", "has no hugo.toml: it is not a site folder"},
		{"not TOML", "baseURL = ", "hugo.toml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if tt.config != "" {
				root = site(t, tt.config)
			}
			if _, err := Open(root); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open: %v, want an error saying %q", err, tt.want)
			}
		})
	}
}

// Every path is under the root as given.
func TestLayout(t *testing.T) {
	l := Layout{Root: "site"}
	for got, want := range map[string]string{
		l.Config(): "site/hugo.toml", l.Data(): "site/data", l.Content(): "site/content", l.Themes(): "site/themes",
		l.Out(): "site/public", l.Generated(): "site/.build/gen", l.TemplateData(): "site/.build/gen/data", l.PreviewStatic(): "site/.build/gen/static", l.Static(): "site/.build/static",
	} {
		if filepath.ToSlash(got) != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
}
