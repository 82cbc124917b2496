package publicurl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name, list, want string
	}{
		{"paths, comments and blank lines", "# comment\n\n/\nrounds/2024h2-3/\n", ""},
		{"listed twice", "/\nschedule/\nschedule/\n", "list:3: schedule/ is listed twice (first on line 2); remove this line"},
		{"an absolute URL", "https://example.com/rounds/\n", `list:1: "https://example.com/rounds/" is not a path of the site; expected a path relative to the base URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "list")
			if err := os.WriteFile(path, []byte(tt.list), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want one containing %q", err, tt.want)
			}
		})
	}
}

// Check names every promised URL the site would stop serving: a missing file, a page
// without the listed place.
func TestCheck(t *testing.T) {
	site := t.TempDir()
	for name, text := range map[string]string{
		"index.html":                 "<p>home</p>",
		"rounds/2024h2-3/index.html": `<h2 id="subscribe">订阅</h2>`,
		"calendars/all.ics":          "BEGIN:VCALENDAR",
	} {
		path := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, list string
		want       []string // empty: passes
	}{
		{"all served", "/\nrounds/2024h2-3/\nrounds/2024h2-3/#subscribe\ncalendars/all.ics\n", nil},
		{"a page gone", "/\nrounds/2024h2-7/\n", []string{"list:2: the new site no longer serves /rounds/2024h2-7/ (no file rounds/2024h2-7/index.html)", "status: cancelled"}},
		{"a place gone", "rounds/2024h2-3/#group", []string{`list:1: the new site no longer serves /rounds/2024h2-3/#group (rounds/2024h2-3/index.html has no element with id "group")`}},
		{"a feed gone", "calendars/2024h2-7.ics\n", []string{"list:1: the new site no longer serves /calendars/2024h2-7.ics"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := filepath.Join(t.TempDir(), "list")
			if err := os.WriteFile(list, []byte(tt.list), 0o644); err != nil {
				t.Fatal(err)
			}
			err := Check(site, list)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %v\nwant it to contain %q", err, w)
				}
			}
		})
	}
}

// The test notice's list holds what a build of it serves; its own test is in package build.
func TestFixtureListReads(t *testing.T) {
	urls, err := Read(filepath.Join(testkit.Fixture(testkit.Notice), "data", File))
	if err != nil {
		t.Fatal(err)
	}
	if len(urls) < 10 {
		t.Errorf("%d URLs; the test notice lists its pages, feeds and single events", len(urls))
	}
}
