package project

import (
	"testing"
	"time"
)

// A second Lock waits until the first is released.
func TestLockExcludes(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Layout{Root: dir}.Lock()
	if err != nil {
		t.Fatal(err)
	}
	acquired := make(chan func())
	failed := make(chan error, 1)
	go func() {
		unlock, err := Layout{Root: dir}.Lock()
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
