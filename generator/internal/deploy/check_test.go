package deploy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// TestCheck: a deploy refuses a site that is not a whole build of the project made for the
// address the target serves, before it reaches the target, each time saying what to do.
func TestCheck(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	// A second target, with an address of its own, beside hugo.toml's production.
	testkit.Edit(t, root, "hugo.toml", "    baseURL = \"https://exam-notice.example.com/\"\n", `    baseURL = "https://exam-notice.example.com/"
  [[deployment.targets]]
    name = "staging"
    URL = "s3://staging?endpoint=http://127.0.0.1:1&region=us-east-1"
    baseURL = "https://staging.example.org/"
`)
	const url = "s3://bucket?endpoint=http://127.0.0.1:1&region=us-east-1&use_path_style=true"
	site := siteFor(t, root, "")
	staging := siteFor(t, root, "https://staging.example.org/")
	local := siteFor(t, root, "http://localhost:1313/")
	p := open(t, root)
	partial := filepath.Join(t.TempDir(), "public")
	testkit.Copy(t, partial, site)
	if err := os.Remove(filepath.Join(partial, "calendars", "2025h1-2.ics")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		env        string // $EXAM_SITE_BASE_URL
		site, to   string
		wantTarget string // the target's name, or its URL
		wants      []string
	}{
		{name: "a URL", site: site, to: url, wantTarget: url},
		{name: "the default target", site: site, to: "", wantTarget: "production"},
		{name: "a target by name", site: staging, to: "staging", wantTarget: "staging"},
		{name: "a target by its URL", site: staging, to: "s3://staging?endpoint=http://127.0.0.1:1&region=us-east-1", wantTarget: "staging"},
		{name: "a URL, the address from the environment", env: "https://staging.example.org/", site: staging, to: url, wantTarget: url},

		{name: "no site", site: filepath.Join(t.TempDir(), "public"), to: url, wants: []string{"there is no built site at", "run `exam-notice build`"}},
		{name: "a partial site", site: partial, to: url, wants: []string{"public/ is not a whole build of this project", "1 URL of data/public-urls.txt (first /calendars/2025h1-2.ics)", "rebuild it with `make`"}},
		{name: "a localhost build", site: local, to: url, wants: []string{"public/ was built for http://localhost:1313/, a local address", "QR codes and calendar links would lead to this machine", "-baseurl https://"}},
		{name: "built for another target", site: site, to: "staging", wants: []string{
			`public/ was built for https://exam-notice.example.com/, but target "staging" (s3://staging?`, "serves https://staging.example.org/ (its baseURL in hugo.toml's [deployment])",
			"rebuild it with `exam-notice build -baseurl https://staging.example.org/`",
		}},
		{name: "built for another address", site: staging, to: url, wants: []string{"serves https://exam-notice.example.com/ (the site's baseURL (hugo.toml, or $EXAM_SITE_BASE_URL))"}},
		{name: "no such target", site: site, to: "prod", wants: []string{`no target "prod" in hugo.toml's [deployment] (it has "production", "staging")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(project.BaseURLEnv, tt.env)
			got, _, err := check(p, tt.site, tt.to)
			if len(tt.wants) == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if got.Name != tt.wantTarget && got.URL != tt.wantTarget {
					t.Errorf("target %v, want %s", got, tt.wantTarget)
				}
				return
			}
			if err == nil {
				t.Fatal("not refused")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error does not say %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestNoTarget: without a target in hugo.toml, a deploy needs a URL and says so.
func TestNoTarget(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "hugo.toml"), []byte("baseURL = \"https://exam.example.com/\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := findTarget(open(t, root), ""); err == nil || !strings.Contains(err.Error(), "no target; give one with -to s3://bucket?endpoint=…&region=…") {
		t.Errorf("got %v", err)
	}
}

// TestWithoutTag: the generator of `make` (no tag withdeploy) says how to deploy.
func TestWithoutTag(t *testing.T) {
	if compiled {
		t.Skip("compiled with Hugo's deploy")
	}
	if err := Run(nil, Options{Site: "public"}); err == nil || !strings.Contains(err.Error(), "make deploy") {
		t.Errorf("got %v", err)
	}
}

// siteFor builds the project root for the base URL (hugo.toml's if empty) into a new
// directory.
func siteFor(t *testing.T, root, base string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, log, err := buildkit.Run(root, pipeline.Options{Out: out, BaseURL: base}); err != nil {
		t.Fatalf("building for %q: %v\n%s", base, err, log)
	}
	return out
}

// open opens the site folder root, and fails the test when it cannot.
func open(t *testing.T, root string) *project.Project {
	t.Helper()
	p, err := project.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
