package project

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log that two goroutines may write and read.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A second Lock says which process holds the lock and what it does, waits until the first
// is released, then takes it.
func TestLockExcludes(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Layout{Root: dir}.Lock("build", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	acquired := make(chan func())
	failed := make(chan error, 1)
	var log syncBuffer
	go func() {
		unlock, err := Layout{Root: dir}.Lock("deploy", &log)
		if err != nil {
			failed <- err
			return
		}
		acquired <- unlock
	}()
	select {
	case <-acquired:
		t.Fatal("a second Lock returned while the first was held")
	case err := <-failed:
		t.Fatal(err)
	case <-time.After(200 * time.Millisecond):
	}
	if want := fmt.Sprintf("the deploy waits: the build of process %d holds the site folder's lock", os.Getpid()); !strings.Contains(log.String(), want) {
		t.Errorf("the waiting Lock says %q; want %q", log.String(), want)
	}
	unlock()
	select {
	case unlockSecond := <-acquired:
		unlockSecond()
	case err := <-failed:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("the second Lock did not return after the first was released")
	}
}
