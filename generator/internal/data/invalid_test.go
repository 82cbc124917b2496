package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// invalidCase is one file of testdata/invalid: an edit of testdata/valid and the problem
// it must cause.
type invalidCase struct {
	File    string `yaml:"file"`
	Replace string `yaml:"replace"`
	With    string `yaml:"with,optional"`
	Want    string `yaml:"want"`    // file:line[:col]: of the problem
	Message string `yaml:"message"` // part of its message
}

// copyValid copies testdata/valid into a new temporary directory.
func copyValid(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/valid", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadAndCheck runs the loader and the checker, as the generator does.
func loadAndCheck(dir string) error {
	n, err := Load(dir)
	if err != nil {
		return err
	}
	return Check(n)
}

func TestValid(t *testing.T) {
	if err := loadAndCheck("testdata/valid"); err != nil {
		t.Fatalf("testdata/valid: %v", err)
	}
}

func TestInvalid(t *testing.T) {
	paths, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 25 {
		t.Fatalf("%d invalid cases; want at least 25", len(paths))
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
			target := filepath.Join(dir, c.File)
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
