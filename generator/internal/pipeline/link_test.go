package pipeline_test

import (
	"maps"
	"testing"

	"examnotice/generator/internal/testkit"
	"examnotice/generator/internal/testkit/buildkit"
)

// A published site shares its generated files (calendars, QR images) with the next build's,
// as links: a later build that changes them must leave the published bytes as they were.
func TestPublishedSiteKeepsItsBytes(t *testing.T) {
	root := testkit.Project(t, testkit.Notice)
	first, _, _ := buildkit.Build(t, root)
	before := testkit.Tree(t, first)
	testkit.Edit(t, root, "data/notices/2025h1/rounds.yaml", "name: 第一次统考\n", "name: 第一次统考（改期）\n")
	second, _, _ := buildkit.Build(t, root)
	if !maps.Equal(before, testkit.Tree(t, first)) {
		t.Error("building again changed the files of the site published before")
	}
	changed := 0
	for name, h := range testkit.Tree(t, second) {
		if before[name] != h {
			changed++
		}
	}
	if changed == 0 {
		t.Error("the second build changed nothing; the test did not test")
	}
}
