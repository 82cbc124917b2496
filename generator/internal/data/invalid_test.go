package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
)

// invalidCase is one file of testdata/invalid: an edit of testdata/valid and the problem
// it must cause.
type invalidCase struct {
	File    string `yaml:"file"` // slash-separated, relative to the data directory: notices/2024h2/rounds.yaml
	Replace string `yaml:"replace"`
	With    string `yaml:"with,optional"`
	Want    string `yaml:"want"`    // file:line[:col]: of the problem
	Message string `yaml:"message"` // part of its message
}

// copyValid copies testdata/valid (the shared files and the notice folder notices/2024h2/)
// into a new temporary directory.
func copyValid(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	testkit.Copy(t, dir, filepath.Join("testdata", "valid"))
	return dir
}

// loadAndCheck runs the loader and the checker of the whole library, as the generator does;
// the warnings are not errors.
func loadAndCheck(dir string) error {
	lib, err := Load(dir)
	if err != nil {
		return err
	}
	_, err = lib.Check()
	return err
}

func TestValid(t *testing.T) {
	lib, err := Load("testdata/valid")
	if err != nil {
		t.Fatalf("testdata/valid: %v", err)
	}
	warnings, err := lib.Check()
	if err != nil || len(warnings) > 0 {
		t.Fatalf("testdata/valid: %v; warnings: %v", err, warnings)
	}
	if len(lib.Notices) != 1 || lib.Notices[0].Meta.ID != "2024h2" || lib.Notices[0].Dir != filepath.Join("testdata", "valid", "notices", "2024h2") {
		t.Errorf("testdata/valid holds %d notices; want the notice 2024h2 in testdata/valid/notices/2024h2", len(lib.Notices))
	}
}

func TestInvalid(t *testing.T) {
	paths, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 42 {
		t.Fatalf("%d invalid cases; want at least 42", len(paths))
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".yaml"), func(t *testing.T) {
			var c invalidCase
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if probs := decodeBytes(path, src, &c); len(probs) > 0 {
				t.Fatalf("case file: %v", probs)
			}
			dir := copyValid(t)
			target := filepath.Join(dir, filepath.FromSlash(c.File))
			orig, err := os.ReadFile(target)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(string(orig), c.Replace); n != 1 {
				t.Fatalf("%q occurs %d times in %s; a case must edit exactly one place", c.Replace, n, c.File)
			}
			edited := strings.Replace(string(orig), c.Replace, c.With, 1)
			if err := os.WriteFile(target, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			err = loadAndCheck(dir)
			if err == nil {
				t.Fatalf("no error; want %s %s", c.Want, c.Message)
			}
			got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			for _, line := range strings.Split(got, "\n") {
				if strings.HasPrefix(line, c.Want) && strings.Contains(line, c.Message) {
					t.Log(line)
					return
				}
			}
			t.Errorf("no problem at %s with %q; got:\n%s", c.Want, c.Message, got)
		})
	}
}
