package publish

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"examnotice/generator/internal/testkit"
)

var (
	oldSite = map[string]string{"index.html": "old", "gone.html": "removed in the new site", "qr/a.png": "old png"}
	newSite = map[string]string{"index.html": "new", "qr/a.png": "new png", "qr/b.png": "png"}
)

// replacements are the ways to put next in the place of an existing out.
var replacements = []struct {
	name    string
	replace func(next, out string) error
}{
	{"Replace", Replace},
	{"two renames", replaceByTwoRenames},
}

// stage makes a staging directory beside out holding files.
func stage(t *testing.T, out string, files map[string]string) string {
	t.Helper()
	st, err := Staging(out)
	if err != nil {
		t.Fatal(err)
	}
	st.RemoveLeftovers()
	writeTree(t, st.Dir, files)
	return st.Dir
}

// checkPublished checks that out holds exactly want and that beside it is only the site it
// replaced, retired, when retired is not nil.
func checkPublished(t *testing.T, out, next string, want, retired map[string]string) {
	t.Helper()
	if got := testkit.Files(t, out); !maps.Equal(got, want) {
		t.Errorf("published %v; want %v", got, want)
	}
	beside := []string{filepath.Base(out)}
	if retired != nil {
		beside = append(beside, filepath.Base(next)+retiredSuffix)
		if got := testkit.Files(t, next+retiredSuffix); !maps.Equal(got, retired) {
			t.Errorf("retired %v; want the old site %v", got, retired)
		}
	}
	slices.Sort(beside)
	if got := namesIn(t, filepath.Dir(out)); !slices.Equal(got, beside) {
		t.Errorf("beside the site: %v; want %v", got, beside)
	}
}

func TestReplaceFirstPublish(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	next := stage(t, out, newSite)
	if err := Replace(next, out); err != nil {
		t.Fatal(err)
	}
	checkPublished(t, out, next, newSite, nil)
}

func TestReplaceSite(t *testing.T) {
	for _, r := range replacements {
		t.Run(r.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			writeTree(t, out, oldSite)
			next := stage(t, out, newSite)
			if err := r.replace(next, out); err != nil {
				t.Fatal(err)
			}
			checkPublished(t, out, next, newSite, oldSite)

			// The next build removes the retired site, and only it.
			again, err := Staging(out)
			if err != nil {
				t.Fatal(err)
			}
			again.RemoveLeftovers()
			if got, want := namesIn(t, filepath.Dir(out)), []string{filepath.Base(again.Dir), filepath.Base(out)}; !slices.Equal(got, want) {
				t.Errorf("beside the site after RemoveLeftovers: %v; want %v", got, want)
			}
		})
	}
}

// When the second rename fails, the old site goes back in place.
func TestTwoRenamesPutTheOldSiteBack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	writeTree(t, out, oldSite)
	missing := filepath.Join(filepath.Dir(out), stagingPrefix(out)+"1") // next is not there: its rename fails
	err := replaceByTwoRenames(missing, out)
	if err == nil || !strings.Contains(err.Error(), "publishing "+out) {
		t.Errorf("error %v; want one about publishing %s", err, out)
	}
	want := []string{filepath.Base(out)}
	if got := namesIn(t, filepath.Dir(out)); !slices.Equal(got, want) || !maps.Equal(testkit.Files(t, out), oldSite) {
		t.Errorf("beside the site: %v, published %v; want only the old site", got, testkit.Files(t, out))
	}
}

// A build that dies between the two renames leaves out missing and the old site parked
// beside it; the next Staging puts the old site back before anything else.
func TestStagingRecoversFromACrashBetweenTheRenames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	writeTree(t, out, oldSite)
	next := stage(t, out, newSite)
	if err := os.Rename(out, next+oldSuffix); err != nil { // the first rename; then the crash
		t.Fatal(err)
	}

	again, err := Staging(out)
	if err != nil {
		t.Fatal(err)
	}
	again.RemoveLeftovers()
	if got := testkit.Files(t, out); !maps.Equal(got, oldSite) {
		t.Errorf("after Staging the site is %v; want the old site %v", got, oldSite)
	}
	if got, want := namesIn(t, filepath.Dir(out)), []string{filepath.Base(again.Dir), filepath.Base(out)}; !slices.Equal(got, want) {
		t.Errorf("beside the site: %v; want %v", got, want)
	}
	if got := namesIn(t, again.Dir); len(got) != 0 {
		t.Errorf("the new staging directory holds %v", got)
	}
}

// RemoveLeftovers removes what earlier builds left beside out (the site the last build
// replaced, the staging directories of interrupted builds), and nothing else.
func TestStagingRemovesLeftovers(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	writeTree(t, out, oldSite)
	writeTree(t, parent, map[string]string{
		".public.building-12/index.html":     "half a build",
		".public.building-12.old/index.html": "an old site, out exists",
		".public.building-9.retired/a.html":  "the site the last build replaced",
		".public.building-7":                 "a file, too",
		"public.txt":                         "not ours",
		".other.building-3/index.html":       "another site's",
	})
	st, err := Staging(out)
	if err != nil {
		t.Fatal(err)
	}
	st.RemoveLeftovers()
	next := st.Dir
	want := []string{".other.building-3", filepath.Base(next), "public", "public.txt"}
	slices.Sort(want)
	if got := namesIn(t, parent); !slices.Equal(got, want) {
		t.Errorf("beside the site: %v; want %v", got, want)
	}
	if !strings.HasPrefix(filepath.Base(next), ".public.building-") {
		t.Errorf("staging directory %s; want a name starting .public.building-", next)
	}
	if got := testkit.Files(t, out); !maps.Equal(got, oldSite) {
		t.Errorf("the site is now %v", got)
	}
}

// Staging makes the directory out goes in.
func TestStagingMakesTheParent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a", "b", "public")
	st, err := Staging(out)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(st.Dir) != filepath.Dir(out) || len(st.left) != 0 {
		t.Errorf("staging %s is not beside %s, or found leftovers %v", st.Dir, out, st.left)
	}
}
