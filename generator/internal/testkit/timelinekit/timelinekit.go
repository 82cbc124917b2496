// Package timelinekit is the part of the test kit that loads, checks and derives the notices
// of a data directory, as site.Prepare does, for the tests of what takes the derived
// notices (calendar, change), and reads their dates (Date). It is apart from testkit because
// it imports data and timeline, whose own tests import testkit. Only tests import it.
package timelinekit

import (
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/timeline"
)

// Notices loads, checks and derives the notices of dir, newest first, and fails the test on
// any error; edit, if not nil, first changes the loaded copy (in memory) of the first notice,
// by the order of the folders.
func Notices(t testing.TB, dir string, edit func(n *data.Notice)) []timeline.Notice {
	t.Helper()
	lib, err := data.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(lib.Notices[0])
	}
	if _, err := lib.Check(); err != nil {
		t.Fatal(err)
	}
	notices, _, err := timeline.DeriveAll(lib)
	if err != nil {
		t.Fatal(err)
	}
	return notices
}

// Date is the date s (YYYY-MM-DD), and fails the test if it is not one.
func Date(t testing.TB, s string) data.Date {
	t.Helper()
	d, err := data.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
