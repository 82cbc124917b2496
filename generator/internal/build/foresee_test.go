package build_test

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/build"
	"examnotice/generator/internal/site"
	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// A rebuild whose data, base URL and day are the last build's renders on the templates' data
// the last build left (Summary.Foreseen), and publishes the same bytes; one whose inputs
// differ, or whose templates' data is not what the record says, renders after making it
// again and publishes what a build from nothing publishes.
func TestForesee(t *testing.T) {
	buildkit.Today(t, "2025-03-01T12:00:00+08:00")
	// What a build of the fixture from nothing publishes, on that day and on the next.
	reference := func(t *testing.T) map[string]string {
		out, _, _ := buildkit.Build(t, testkit.Project(t, testkit.Notice))
		return testkit.Tree(t, out)
	}
	fresh := reference(t)
	var nextDay map[string]string
	t.Run("reference of the next day", func(t *testing.T) {
		buildkit.Today(t, "2025-03-02T12:00:00+08:00")
		nextDay = reference(t)
	})
	if maps.Equal(fresh, nextDay) {
		t.Fatal("the site of the next day is the same: the test of the next day would prove nothing")
	}
	genData := filepath.Join(site.GeneratedDir, "data", "site.json")
	tests := []struct {
		name         string
		change       func(t *testing.T, root string) // between the first build and the second
		wantForeseen bool
		want         map[string]string // the second build's site; nil: fresh
	}{
		{"nothing changed", nil, true, nil},
		{"a data file changed", func(t *testing.T, root string) {
			f, err := os.OpenFile(filepath.Join(root, "data", "notices", "2025h1", "contacts.yaml"), os.O_APPEND|os.O_WRONLY, 0)
			if err == nil {
				_, err = f.WriteString("# a comment, which changes no page\n")
				f.Close()
			}
			if err != nil {
				t.Fatal(err)
			}
		}, false, nil},
		{"the next day", func(t *testing.T, _ string) {
			buildkit.Today(t, "2025-03-02T12:00:00+08:00")
		}, false, nextDay},
		{"the preview's files in the mount", func(t *testing.T, root string) {
			path := filepath.Join(root, site.GeneratedDir, "static", "preview-only.txt")
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte("not for the site"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, false, nil},
		{"templates' data that the record wrongly vouches for", func(t *testing.T, root string) {
			// Another version of the generator might have written other bytes from the same
			// inputs: here a round renamed, and a record that matches the files.
			path := filepath.Join(root, genData)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "第一次统考") {
				t.Fatalf("%s does not name 第一次统考", genData)
			}
			if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(b), "第一次统考", "STALE")), 0o644); err != nil {
				t.Fatal(err)
			}
			record := filepath.Join(root, filepath.FromSlash(build.InputsRecord))
			r, err := os.ReadFile(record)
			if err != nil {
				t.Fatal(err)
			}
			inputs, _, _ := strings.Cut(string(r), "\n")
			fp := site.Fingerprint(filepath.Join(root, site.GeneratedDir))
			if err := os.WriteFile(record, []byte(inputs+"\ndata "+fp+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := testkit.Project(t, testkit.Notice)
			out := filepath.Join(t.TempDir(), "public")
			sum, log, err := buildkit.Run(build.Options{Root: root, Out: out})
			if err != nil {
				t.Fatalf("%v\n%s", err, log)
			}
			if sum.Foreseen {
				t.Error("the first build foresaw its templates' data: there was none")
			}
			if tt.change != nil {
				tt.change(t, root)
			}
			sum, log, err = buildkit.Run(build.Options{Root: root, Out: out})
			if err != nil {
				t.Fatalf("%v\n%s", err, log)
			}
			if sum.Foreseen != tt.wantForeseen {
				t.Errorf("Foreseen %v; want %v", sum.Foreseen, tt.wantForeseen)
			}
			want := tt.want
			if want == nil {
				want = fresh
			}
			if got := testkit.Tree(t, out); !maps.Equal(got, want) {
				for name := range want {
					if got[name] != want[name] {
						t.Errorf("%s differs from a build from nothing", name)
					}
				}
				for name := range got {
					if _, ok := want[name]; !ok {
						t.Errorf("%s published; a build from nothing does not", name)
					}
				}
			}
			// And the build after it foresees again.
			if sum, _, err := buildkit.Run(build.Options{Root: root, Out: out}); err != nil || !sum.Foreseen {
				t.Errorf("the build after: Foreseen %v, %v; want foreseen", sum.Foreseen, err)
			}
		})
	}
}
