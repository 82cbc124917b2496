package preview

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
)

// The preview writes the generated files only while it holds the project's lock, the one a
// build takes: while a build holds it, the preview waits, and writes once it is free.
func TestRegenerateTakesTheProjectLock(t *testing.T) {
	p, err := project.Open(testkit.Project(t, testkit.Notice))
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := p.Lock("build", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- regenerate(p, "http://localhost:1313/", io.Discard) }()
	select {
	case err := <-done:
		t.Fatalf("the preview regenerated while a build held the lock (%v)", err)
	case <-time.After(300 * time.Millisecond):
	}
	if _, err := os.Stat(filepath.Join(p.TemplateData(), "site.json")); err == nil {
		t.Error("the preview wrote the templates' data while a build held the lock")
	}
	unlock()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the preview did not regenerate once the lock was free")
	}
	for _, f := range []string{filepath.Join(p.TemplateData(), "site.json"), filepath.Join(p.PreviewStatic(), "calendars", "all.ics")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("after the lock was free: %v", err)
		}
	}
}
